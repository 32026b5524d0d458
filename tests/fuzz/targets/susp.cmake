dv_add_fuzzer(susp SOURCES ${CMAKE_CURRENT_LIST_DIR}/../SuspFuzzer.cpp DEPS dv::analyzer)
