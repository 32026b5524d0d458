dv_add_fuzzer(cd_nrg SOURCES ${CMAKE_CURRENT_LIST_DIR}/../CdDescriptorFuzzer.cpp DEPS dv::analyzer dv::rules)
target_compile_definitions(fuzz_cd_nrg PRIVATE DV_FUZZ_CD_FORMAT="nrg")
