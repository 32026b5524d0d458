dv_add_fuzzer(iso_volume SOURCES ${CMAKE_CURRENT_LIST_DIR}/../IsoVolumeFuzzer.cpp DEPS dv::analyzer)
