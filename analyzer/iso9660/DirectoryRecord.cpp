// Directory record of ECMA-119 9.1: field extraction only; judgements are in rules/.
#include "analyzer/iso9660/DirectoryRecord.h"

#include <fmt/format.h>

namespace dv::analyzer::iso9660 {

ByteView DirectoryRecord::systemUse() const {
  if (systemUseLength == 0 || systemUseOffset >= raw.size()) return {};
  const size_t n = std::min<size_t>(systemUseLength, raw.size() - systemUseOffset);
  return ByteView(raw).subspan(systemUseOffset, n);
}

Result<DirectoryRecord> parseDirectoryRecord(ByteView bytes) {
  if (bytes.empty()) return Error(ErrorCode::Truncated, "directory record: no bytes");
  const uint8_t lenDr = bytes[0];
  if (lenDr < kMinimumRecordLength)
    return Error(ErrorCode::Malformed, fmt::format("directory record length 0x{:x} is below 0x22", lenDr));
  if (lenDr > bytes.size())
    return Error(ErrorCode::Truncated,
                 fmt::format("directory record length 0x{:x} exceeds the 0x{:x} bytes left", lenDr, bytes.size()));
  ByteView rec = bytes.first(lenDr);
  ByteReader in(rec);
  DirectoryRecord r;
  r.lengthOfDirectoryRecord = in.u8(kLengthOfDirectoryRecord);
  r.extendedAttributeRecordLength = in.u8(kExtendedAttributeRecordLength);
  r.locationOfExtent = in.bothEndian32(kLocationOfExtent);
  r.dataLength = in.bothEndian32(kDataLength);
  r.recordingDateAndTime = recordDateTimeOf(in.view(kRecordingDateAndTime));
  r.fileFlags = in.u8(kFileFlags);
  r.fileUnitSize = in.u8(kFileUnitSize);
  r.interleaveGapSize = in.u8(kInterleaveGapSize);
  r.volumeSequenceNumber = in.bothEndian16(kRecordVolumeSequenceNumber);
  r.lengthOfFileIdentifier = in.u8(kLengthOfFileIdentifier);
  if (Error e = in.takeError()) return e;
  r.raw.assign(rec.begin(), rec.end());

  // 9.1.11: an identifier longer than the record is cut at LEN_DR; the fact is kept for DR-001.
  const uint32_t idEnd = kFileIdentifierOffset + r.lengthOfFileIdentifier;
  const uint32_t idAvail = std::min<uint32_t>(idEnd, lenDr) - kFileIdentifierOffset;
  r.fileIdentifier.assign(rec.begin() + kFileIdentifierOffset, rec.begin() + kFileIdentifierOffset + idAvail);
  uint32_t base = idEnd;
  if (r.lengthOfFileIdentifier % 2 == 0) {
    base = idEnd + 1;
    if (idEnd < lenDr) {
      r.paddingPresent = true;
      r.paddingByte = rec[idEnd];
    }
  }
  r.identifierOverruns = base > lenDr;
  if (base < lenDr) {
    r.systemUseOffset = base;
    r.systemUseLength = lenDr - base;
  } else {
    r.systemUseOffset = lenDr;
  }
  return r;
}

} // namespace dv::analyzer::iso9660
