dv_add_fuzzer(system_area SOURCES ${CMAKE_CURRENT_LIST_DIR}/../SystemAreaFuzzer.cpp DEPS dv::analyzer)
