// CookedSource: the user data of a disc's data tracks as a 2048-byte-sector ByteSource, so the ISO
// 9660 analysis reads a raw .bin, a multi-file .cue or a later session as it reads an .iso.
#pragma once

#include <memory>
#include <vector>

#include "analyzer/cd/Disc.h"
#include "analyzer/sources/ByteSource.h"

namespace dv::analyzer::cd {

/// Offset o of this source is byte o % 2048 of the user data of the sector at LBA o / 2048 (data
/// tracks only; other LBAs read as zeros). `sessionStart` > 0 redirects the volume descriptor area
/// (sectors 16-47) to sessionStart + 16 onward, where the later session's descriptors are (§2); its
/// directory extents carry absolute LBAs and need no mapping. Opens the data files read-only.
/// Not thread-safe (the metadata parse reads from one thread).
class CookedSource final : public ByteSource {
public:
  CookedSource(const Disc& disc, int32_t sessionStart);
  ~CookedSource() override;
  const SourceInfo& info() const override { return info_; }
  Result<size_t> readAt(uint64_t offset, MutableByteView out) override;
  Result<size_t> readNext(MutableByteView out) override;
  /// Whether any data sector is mapped (false: nothing to parse).
  bool empty() const { return spans_.empty(); }

private:
  struct Span {
    int32_t firstLba;
    uint64_t sectors;
    const Fragment* fragment;
    TrackMode mode;
  };
  Error readSector(int32_t lba, uint8_t* out);

  const Disc& disc_;
  int32_t sessionStart_;
  std::vector<Span> spans_;
  std::vector<std::unique_ptr<ByteSource>> files_;
  SourceInfo info_;
  uint64_t next_ = 0;
  std::vector<uint8_t> raw_, scratch_;
};

} // namespace dv::analyzer::cd
