dv_add_fuzzer(cd_mds SOURCES ${CMAKE_CURRENT_LIST_DIR}/../CdDescriptorFuzzer.cpp DEPS dv::analyzer dv::rules)
target_compile_definitions(fuzz_cd_mds PRIVATE DV_FUZZ_CD_FORMAT="mds")
