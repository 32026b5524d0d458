// Inflate: one zlib stream through Boost.Iostreams' zlib filters, output capped.
#include "analyzer/sources/Inflate.h"

#include <boost/iostreams/copy.hpp>
#include <boost/iostreams/device/array.hpp>
#include <boost/iostreams/device/back_inserter.hpp>
#include <boost/iostreams/filter/zlib.hpp>
#include <boost/iostreams/filtering_streambuf.hpp>
#include <fmt/format.h>

namespace dv::analyzer {

Result<std::vector<uint8_t>> inflateZlib(ByteView compressed, size_t maxOutput) {
  namespace io = boost::iostreams;
  try {
    io::filtering_streambuf<io::input> in;
    in.push(io::zlib_decompressor());
    in.push(io::array_source(reinterpret_cast<const char*>(compressed.data()), compressed.size())); // NOLINT: bytes as chars
    std::vector<uint8_t> out(maxOutput + 1);
    size_t got = 0;
    // Read one byte more than allowed: a stream that yields it inflates past the cap.
    while (got < out.size()) {
      const std::streamsize n = in.sgetn(reinterpret_cast<char*>(out.data() + got), static_cast<std::streamsize>(out.size() - got)); // NOLINT
      if (n <= 0) break;
      got += static_cast<size_t>(n);
    }
    if (got > maxOutput) return Error(ErrorCode::Malformed, fmt::format("zlib stream inflates to more than 0x{:x} bytes", maxOutput));
    const auto* z = in.component<io::zlib_decompressor>(0);
    if (!z || !const_cast<io::zlib_decompressor*>(z)->eof()) // NOLINT: eof() is not const in Boost 1.74
      return Error(ErrorCode::Truncated, fmt::format("zlib stream of 0x{:x} bytes ends before its end marker", compressed.size()));
    out.resize(got);
    return out;
  } catch (const io::zlib_error& e) {
    // Boost reports input that ends inside the stream as Z_BUF_ERROR (no progress possible).
    if (e.error() == io::zlib::buf_error)
      return Error(ErrorCode::Truncated, fmt::format("zlib stream of 0x{:x} bytes ends before its end marker", compressed.size()));
    return Error(ErrorCode::Malformed, fmt::format("zlib stream is corrupt (zlib error {})", e.error()));
  } catch (const std::exception& e) {
    return Error(ErrorCode::Malformed, std::string("zlib stream cannot be inflated: ") + e.what());
  }
}

Result<std::vector<uint8_t>> deflateZlib(ByteView data) {
  namespace io = boost::iostreams;
  try {
    std::vector<char> out;
    io::filtering_streambuf<io::input> in;
    in.push(io::zlib_compressor());
    in.push(io::array_source(reinterpret_cast<const char*>(data.data()), data.size())); // NOLINT: bytes as chars
    io::copy(in, io::back_inserter(out));
    return std::vector<uint8_t>(out.begin(), out.end());
  } catch (const std::exception& e) {
    return Error(ErrorCode::Internal, std::string("zlib compression failed: ") + e.what());
  }
}

} // namespace dv::analyzer
