dv_add_fuzzer(cd_cue SOURCES ${CMAKE_CURRENT_LIST_DIR}/../CdDescriptorFuzzer.cpp DEPS dv::analyzer dv::rules)
target_compile_definitions(fuzz_cd_cue PRIVATE DV_FUZZ_CD_FORMAT="cue")
