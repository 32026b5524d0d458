dv_add_fuzzer(image SOURCES ${CMAKE_CURRENT_LIST_DIR}/../ImageFuzzer.cpp DEPS dv::analyzer dv::rules)
