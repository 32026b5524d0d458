dv_add_fuzzer(reference SOURCES ${CMAKE_CURRENT_LIST_DIR}/../ReferenceFuzzer.cpp DEPS dv::report)
