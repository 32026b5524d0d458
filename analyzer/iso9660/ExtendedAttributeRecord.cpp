// Extended attribute record of ECMA-119 9.5: field extraction only.
#include "analyzer/iso9660/ExtendedAttributeRecord.h"

namespace dv::analyzer::iso9660 {
namespace {
constexpr BytePos kOwnerIdentification{1, 4};      // 9.5.1
constexpr BytePos kGroupIdentification{5, 8};      // 9.5.2
constexpr BytePos kPermissions{9, 10};             // 9.5.3
constexpr BytePos kFileCreation{11, 27};           // 9.5.4
constexpr BytePos kFileModification{28, 44};       // 9.5.5
constexpr BytePos kFileExpiration{45, 61};         // 9.5.6
constexpr BytePos kFileEffective{62, 78};          // 9.5.7
constexpr BytePos kRecordFormat{79, 79};           // 9.5.8
constexpr BytePos kRecordAttributes{80, 80};       // 9.5.9
constexpr BytePos kRecordLength{81, 84};           // 9.5.10
constexpr BytePos kXarSystemIdentifier{85, 116};   // 9.5.11
constexpr BytePos kXarVersion{181, 181};           // 9.5.13
constexpr BytePos kLengthOfEscapeSequences{182, 182}; // 9.5.14
constexpr BytePos kLengthOfApplicationUse{247, 250};  // 9.5.16
} // namespace

Result<ExtendedAttributeRecord> parseExtendedAttributeRecord(ByteView bytes, uint64_t imageOffset) {
  ByteReader in(bytes);
  ExtendedAttributeRecord x;
  x.offset = imageOffset;
  x.ownerIdentification = in.bothEndian16(kOwnerIdentification);
  x.groupIdentification = in.bothEndian16(kGroupIdentification);
  x.permissions = in.be16(kPermissions);
  x.fileCreationDateAndTime = digitDateTimeOf(in.view(kFileCreation));
  x.fileModificationDateAndTime = digitDateTimeOf(in.view(kFileModification));
  x.fileExpirationDateAndTime = digitDateTimeOf(in.view(kFileExpiration));
  x.fileEffectiveDateAndTime = digitDateTimeOf(in.view(kFileEffective));
  x.recordFormat = in.u8(kRecordFormat);
  x.recordAttributes = in.u8(kRecordAttributes);
  x.recordLength = in.bothEndian16(kRecordLength);
  ByteView sys = in.view(kXarSystemIdentifier);
  x.systemIdentifier.assign(sys.begin(), sys.end());
  x.extendedAttributeRecordVersion = in.u8(kXarVersion);
  x.lengthOfEscapeSequences = in.u8(kLengthOfEscapeSequences);
  x.lengthOfApplicationUse = in.bothEndian16(kLengthOfApplicationUse);
  if (Error e = in.takeError()) return std::move(e).context("extended attribute record");
  return x;
}

} // namespace dv::analyzer::iso9660
