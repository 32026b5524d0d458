dv_add_fuzzer(eltorito SOURCES ${CMAKE_CURRENT_LIST_DIR}/../ElToritoFuzzer.cpp DEPS dv::analyzer)
