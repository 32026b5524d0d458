dv_add_fuzzer(joliet_names SOURCES ${CMAKE_CURRENT_LIST_DIR}/../JolietNameFuzzer.cpp DEPS dv::analyzer)
