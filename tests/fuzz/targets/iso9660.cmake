dv_add_fuzzer(iso9660 SOURCES ${CMAKE_CURRENT_LIST_DIR}/../Iso9660Fuzzer.cpp DEPS dv::analyzer)
