dv_add_fuzzer(cd_raw SOURCES ${CMAKE_CURRENT_LIST_DIR}/../CdDescriptorFuzzer.cpp DEPS dv::analyzer dv::rules)
target_compile_definitions(fuzz_cd_raw PRIVATE DV_FUZZ_CD_FORMAT="raw")
