// Path table of ECMA-119 9.4: record extraction in either byte order; judgements are in rules/.
#include "analyzer/iso9660/PathTable.h"

#include <fmt/format.h>

#include "core/ByteReader.h"

namespace dv::analyzer::iso9660 {

std::string_view pathTableKindName(PathTableKind k) {
  switch (k) {
  case PathTableKind::TypeL: return "type L";
  case PathTableKind::OptionalTypeL: return "optional type L";
  case PathTableKind::TypeM: return "type M";
  case PathTableKind::OptionalTypeM: return "optional type M";
  }
  return "?";
}

void parsePathTableRecords(PathTable& table, ByteView bytes, uint64_t imageOffset, size_t maxRecords) {
  ByteReader in(bytes);
  const bool le = table.littleEndian();
  size_t pos = 0;
  while (pos < bytes.size() && table.records.size() < maxRecords) {
    // 9.4: an 8-byte fixed part, LEN_DI identifier bytes, one pad byte when LEN_DI is odd.
    if (!in.fits(pos, 8)) {
      table.malformedOffset = imageOffset + pos;
      table.malformedWhat = fmt::format("record header needs 8 bytes, 0x{:x} left", bytes.size() - pos);
      return;
    }
    PathTableRecord r;
    r.offset = imageOffset + pos;
    r.lengthOfDirectoryIdentifier = in.u8At(pos);
    r.extendedAttributeRecordLength = in.u8At(pos + 1);
    r.locationOfExtent = le ? in.le32At(pos + 2) : in.be32At(pos + 2);
    r.parentDirectoryNumber = le ? in.le16At(pos + 6) : in.be16At(pos + 6);
    const size_t len = r.lengthOfDirectoryIdentifier;
    if (len == 0) {
      table.malformedOffset = r.offset;
      table.malformedWhat = "directory identifier length 0";
      return;
    }
    if (!in.fits(pos + 8, len)) {
      table.malformedOffset = r.offset;
      table.malformedWhat = fmt::format("identifier of 0x{:x} bytes runs past the table end", len);
      return;
    }
    ByteView id = in.viewAt(pos + 8, len);
    r.directoryIdentifier.assign(id.begin(), id.end());
    size_t next = pos + 8 + len;
    if (len % 2 == 1 && next < bytes.size()) {
      r.paddingPresent = true;
      r.paddingByte = in.u8At(next);
      ++next;
    }
    (void)in.takeError();
    table.records.push_back(std::move(r));
    pos = next;
  }
}

} // namespace dv::analyzer::iso9660
