dv_add_fuzzer(udf SOURCES ${CMAKE_CURRENT_LIST_DIR}/../UdfFuzzer.cpp DEPS dv::analyzer)
