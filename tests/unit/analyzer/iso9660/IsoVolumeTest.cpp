// Tests of the ISO 9660 volume parser: descriptors, path tables, the hierarchy walk, hostile images.
#include "analyzer/iso9660/IsoVolume.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstring>

#include "tests/support/IsoBuilder.h"

namespace dv::analyzer::iso9660 {
namespace {

using test::BuiltIso;
using test::IsoBuilder;

IsoVolume parse(const BuiltIso& iso, IsoParseOptions options = {}) {
  auto src = iso.source();
  MetadataReader reader(*src);
  return parseIsoVolume(reader, options);
}

const FileEntry* fileAt(const IsoVolume& v, const std::string& path) {
  for (const auto& f : v.tree.files)
    if (f.path == path) return &f;
  return nullptr;
}

IsoBuilder sample() {
  IsoBuilder b;
  b.file("/README.TXT;1", "hello\n");
  b.file("/DOCS/A.TXT;1", std::string(5000, 'a'));
  b.directory("/DOCS/SUB");
  b.file("/DOCS/SUB/B.BIN;1", "");
  return b;
}

TEST(IsoVolume, ParsesTheDescriptorSetPathTablesAndTree) {
  const BuiltIso iso = sample().build();
  const IsoVolume v = parse(iso);
  ASSERT_TRUE(v.found);
  ASSERT_EQ(v.primaries.size(), 1u);
  EXPECT_TRUE(v.terminated);
  EXPECT_EQ(v.terminatorCount, 1u);
  const VolumeDescriptor& p = *v.pvd();
  EXPECT_EQ(p.standardIdentifier, "CD001");
  EXPECT_EQ(p.volumeSpaceSize.value(), iso.volumeSpaceSize);
  EXPECT_TRUE(p.volumeSpaceSize.consistent());
  EXPECT_EQ(p.logicalBlockSize.value(), 2048);
  EXPECT_EQ(p.volumeIdentifier.substr(0, 11), "TEST_VOLUME");
  EXPECT_EQ(p.volumeIdentifier.size(), 32u);
  EXPECT_TRUE(p.volumeCreationDateAndTime.isoText().has_value());
  EXPECT_TRUE(p.volumeExpirationDateAndTime.unspecified());

  ASSERT_NE(v.pathTable(PathTableKind::TypeL), nullptr);
  ASSERT_NE(v.pathTable(PathTableKind::TypeM), nullptr);
  const PathTable& l = *v.pathTable(PathTableKind::TypeL);
  const PathTable& m = *v.pathTable(PathTableKind::TypeM);
  ASSERT_EQ(l.records.size(), 3u);
  ASSERT_EQ(m.records.size(), 3u);
  EXPECT_FALSE(l.malformedOffset);
  EXPECT_EQ(l.records[1].directoryIdentifier, "DOCS");
  EXPECT_EQ(m.records[2].parentDirectoryNumber, 2);
  EXPECT_EQ(m.records[2].locationOfExtent, iso.extents.at("/DOCS/SUB"));

  ASSERT_EQ(v.tree.directories.size(), 3u);
  EXPECT_EQ(v.tree.directories[1].path, "/DOCS");
  EXPECT_EQ(v.tree.directories[2].path, "/DOCS/SUB");
  EXPECT_EQ(v.tree.directories[2].depth, 3u);
  ASSERT_EQ(v.tree.files.size(), 3u);
  const FileEntry* a = fileAt(v, "/DOCS/A.TXT;1");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->size, 5000u);
  ASSERT_EQ(a->runs.size(), 1u);
  EXPECT_EQ(a->runs[0].imageOffset, uint64_t{iso.extents.at("/DOCS/A.TXT;1")} * 2048);
  EXPECT_EQ(a->runs[0].readableLength, 5000u);
  const RecordEntry& rec = v.tree.records[a->sections[0]];
  EXPECT_EQ(rec.offset, iso.record("/DOCS/A.TXT;1"));
  EXPECT_EQ(rec.lba, iso.record("/DOCS/A.TXT;1") / 2048);
  EXPECT_EQ(rec.record.recordingDateAndTime.isoText().value_or(""), "2024-01-02T03:04:05+00:00");
}

TEST(PrimaryVolumeDescriptor, KeepsBothHalvesWhenTheyDisagree) {
  BuiltIso iso = sample().build();
  iso.putBoth32(iso.pvd(kVolumeSpaceSize), 100, 200);
  const IsoVolume v = parse(iso);
  EXPECT_EQ(v.pvd()->volumeSpaceSize.le, 100u);
  EXPECT_EQ(v.pvd()->volumeSpaceSize.be, 200u);
  EXPECT_FALSE(v.pvd()->volumeSpaceSize.consistent());
}

TEST(DirectoryRecord, KeepsRawFieldsAndSystemUse) {
  IsoBuilder b;
  b.file("/X.TXT;1", "x");
  b.systemUse("/X.TXT;1", std::string("RRxy\x01", 5));
  BuiltIso iso = b.build();
  iso.putBoth32(iso.recordField("/X.TXT;1", kDataLength), 1, 7);
  const IsoVolume v = parse(iso);
  const RecordEntry& r = v.tree.records[fileAt(v, "/X.TXT;1")->sections[0]];
  EXPECT_EQ(r.record.dataLength.le, 1u);
  EXPECT_EQ(r.record.dataLength.be, 7u);
  EXPECT_EQ(r.record.lengthOfFileIdentifier, 7);
  EXPECT_FALSE(r.record.paddingPresent);
  ASSERT_GE(r.record.systemUse().size(), 5u);
  EXPECT_EQ(r.record.systemUse()[0], 'R');
  EXPECT_EQ(r.record.systemUseOffset, 40u);
}

TEST(VolumeDescriptorSet, CountsSeveralTerminators) {
  IsoBuilder b = sample();
  b.terminators = 3;
  const IsoVolume v = parse(b.build());
  EXPECT_TRUE(v.terminated);
  EXPECT_EQ(v.terminatorCount, 3u);
}

TEST(VolumeDescriptorSet, NotesAMissingTerminator) {
  IsoBuilder b = sample();
  b.terminators = 0;
  const IsoVolume v = parse(b.build());
  EXPECT_TRUE(v.found);
  EXPECT_FALSE(v.terminated);
  EXPECT_TRUE(v.brokenSlotSector.has_value());
  EXPECT_EQ(v.primaries.size(), 1u);
}

TEST(VolumeDescriptorSet, ParsesBootRecordPartitionAndSupplementary) {
  IsoBuilder b = sample();
  std::vector<uint8_t> boot(2048, 0), part(2048, 0);
  boot[0] = 0;
  std::memcpy(boot.data() + 1, "CD001\x01", 6);
  std::memcpy(boot.data() + 7, "EL TORITO SPECIFICATION", 23);
  part[0] = 3;
  std::memcpy(part.data() + 1, "CD001\x01", 6);
  b.extraDescriptors = {boot, part};
  test::SupplementaryTree joliet;
  joliet.escapeSequences[0] = 0x25;
  joliet.escapeSequences[1] = 0x2F;
  joliet.escapeSequences[2] = 0x45;
  joliet.encodeName = [](const std::string& s) {
    std::string out;
    for (char c : s) {
      out.push_back('\0');
      out.push_back(c);
    }
    return out;
  };
  b.supplementary.push_back(joliet);
  const BuiltIso iso = b.build();
  const IsoVolume v = parse(iso);
  ASSERT_EQ(v.bootRecords.size(), 1u);
  EXPECT_TRUE(v.bootRecords[0].isElTorito());
  ASSERT_EQ(v.partitions.size(), 1u);
  ASSERT_EQ(v.supplementaries.size(), 1u);
  EXPECT_EQ(v.supplementaries[0].descriptor.jolietLevel(), 3);
  ASSERT_TRUE(v.supplementaries[0].typeL.has_value());
  EXPECT_EQ(v.supplementaries[0].typeL->records.size(), 3u);

  // The same walk serves the supplementary tree with another name decoder.
  auto src = iso.source();
  MetadataReader reader(*src);
  auto decode = [](std::string_view raw) {
    std::string out;
    for (size_t i = 1; i < raw.size(); i += 2) out.push_back(raw[i]);
    return out;
  };
  const Hierarchy j = walkHierarchy(reader, *v.supplementaries[0].descriptor.rootDirectoryRecord, 2048, decode);
  ASSERT_EQ(j.files.size(), 3u);
  EXPECT_EQ(j.directories[1].path, "/DOCS");
  EXPECT_EQ(j.files[0].path, "/README.TXT;1");
  EXPECT_EQ(j.files[1].path, "/DOCS/A.TXT;1");
}

TEST(IsoVolume, InputWithoutCd001IsNotFound) {
  std::vector<uint8_t> noise(40 * 2048);
  for (size_t i = 0; i < noise.size(); ++i) noise[i] = static_cast<uint8_t>(i * 131 + 7);
  MemorySource src(noise);
  MetadataReader reader(src);
  EXPECT_FALSE(parseIsoVolume(reader).found);
  MemorySource tiny(std::vector<uint8_t>(100));
  MetadataReader r2(tiny);
  EXPECT_FALSE(parseIsoVolume(r2).found);
}

TEST(Hierarchy, JoinsMultiExtentSectionsInOrder) {
  IsoBuilder b;
  std::string data(5 * 2048 + 100, '\0');
  for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<char>(i % 251);
  b.file("/BIG.DAT;1", data, {.sectionSize = 2 * 2048});
  const IsoVolume v = parse(b.build());
  ASSERT_EQ(v.tree.files.size(), 1u);
  const FileEntry& f = v.tree.files[0];
  EXPECT_EQ(f.sections.size(), 3u);
  EXPECT_EQ(f.size, data.size());
  ASSERT_EQ(f.runs.size(), 3u);
  EXPECT_EQ(f.runs[1].fileOffset, 4096u);
  EXPECT_EQ(f.runs[2].length, 2048u + 100u);
  EXPECT_TRUE(v.tree.records[f.sections[0]].record.isMultiExtent());
  EXPECT_FALSE(v.tree.records[f.sections[2]].record.isMultiExtent());
}

TEST(Hierarchy, ExpandsInterleavedFilesAndSkipsTheXar) {
  IsoBuilder b;
  b.file("/IL.DAT;1", std::string(3 * 2048, 'i'), {.fileUnitSize = 1, .interleaveGapSize = 2});
  b.file("/XA.DAT;1", "xardata", {.extendedAttributeRecordLength = 1});
  const BuiltIso iso = b.build();
  const IsoVolume v = parse(iso);
  const FileEntry* il = fileAt(v, "/IL.DAT;1");
  ASSERT_NE(il, nullptr);
  EXPECT_TRUE(il->interleaved);
  ASSERT_EQ(il->runs.size(), 3u);
  EXPECT_EQ(il->runs[1].lba, il->runs[0].lba + 3);
  const FileEntry* xa = fileAt(v, "/XA.DAT;1");
  ASSERT_NE(xa, nullptr);
  EXPECT_EQ(xa->runs[0].lba, uint64_t{iso.extents.at("/XA.DAT;1")} + 1);
  const RecordEntry& r = v.tree.records[xa->sections[0]];
  ASSERT_NE(r.xar, nullptr);
  EXPECT_EQ(r.xar->extendedAttributeRecordVersion, 1);
}

TEST(Hierarchy, InterleavedUnitsPastTheImageEndBecomeOneRun) {
  // A 4 GiB interleaved file with one-block units in an image of a few dozen blocks: the units past
  // the end are one unreadable run, not two million.
  IsoBuilder b;
  b.file("/IL.DAT;1", std::string(2 * 2048, 'i'), {.fileUnitSize = 1, .interleaveGapSize = 0});
  BuiltIso iso = b.build();
  iso.putBoth32(iso.record("/IL.DAT;1") + 10, 0xFFFFF800u, 0xFFFFF800u);
  const IsoVolume v = parse(iso);
  const FileEntry* il = fileAt(v, "/IL.DAT;1");
  ASSERT_NE(il, nullptr);
  EXPECT_FALSE(il->runsCut);
  const uint64_t blocks = iso.bytes.size() / 2048;
  ASSERT_LE(il->runs.size(), blocks + 1);
  const FileRun& last = il->runs.back();
  EXPECT_EQ(last.readableLength, 0u);
  EXPECT_EQ(last.fileOffset + last.length, 0xFFFFF800u);
  EXPECT_EQ(il->runs.front().readableLength, 2048u);
}

TEST(Hierarchy, RunsOfAllFilesShareOneBudget) {
  IsoBuilder b;
  b.file("/A.DAT;1", std::string(6 * 2048, 'a'), {.fileUnitSize = 1, .interleaveGapSize = 0});
  b.file("/B.DAT;1", std::string(6 * 2048, 'b'), {.fileUnitSize = 1, .interleaveGapSize = 0});
  IsoParseOptions options;
  options.walk.maxRuns = 8;
  const IsoVolume v = parse(b.build(), options);
  const FileEntry* a = fileAt(v, "/A.DAT;1");
  const FileEntry* bb = fileAt(v, "/B.DAT;1");
  ASSERT_NE(a, nullptr);
  ASSERT_NE(bb, nullptr);
  EXPECT_EQ(a->runs.size() + bb->runs.size(), 8u);
  EXPECT_TRUE(a->runsCut || bb->runsCut);
  EXPECT_EQ(a->size + bb->size, 12u * 2048u); // the sizes stay as recorded
}

TEST(Hierarchy, KeepsAssociatedFilesApart) {
  IsoBuilder b;
  b.file("/F.TXT;1", "assoc", {.fileFlags = 0x04});
  b.file("/F.TXT;1", "plain");
  b.keepOrder = true;
  const IsoVolume v = parse(b.build());
  ASSERT_EQ(v.tree.files.size(), 2u);
  EXPECT_TRUE(v.tree.files[0].associated);
  EXPECT_FALSE(v.tree.files[1].associated);
}

// Hostile images: each ends quickly in facts, never in a hang or a crash.

TEST(HostileImage, DirectoryPointingToItselfOrItsParentIsALoop) {
  // /A/B points back to /A (its parent), and /A/B/C... is never reached.
  IsoBuilder b;
  b.directory("/A/B/C");
  BuiltIso iso = b.build();
  iso.putBoth32(iso.recordField("/A/B", kLocationOfExtent), iso.extents.at("/A"), iso.extents.at("/A"));
  IsoVolume v = parse(iso);
  ASSERT_EQ(v.tree.skipped.size(), 1u);
  EXPECT_EQ(v.tree.skipped[0].reason, SkipReason::Loop);
  EXPECT_EQ(v.tree.directories.size(), 2u);

  // /A points to the root.
  iso = b.build();
  iso.putBoth32(iso.recordField("/A", kLocationOfExtent), iso.extents.at("/"), iso.extents.at("/"));
  v = parse(iso);
  ASSERT_EQ(v.tree.skipped.size(), 1u);
  EXPECT_EQ(v.tree.skipped[0].reason, SkipReason::Loop);
  EXPECT_EQ(v.tree.directories.size(), 1u);
}

TEST(HostileImage, RecordLengthZeroOr255EndsInFacts) {
  BuiltIso iso = sample().build();
  iso.put8(iso.record("/README.TXT;1"), 0);
  IsoVolume v = parse(iso);
  EXPECT_EQ(fileAt(v, "/README.TXT;1"), nullptr);

  iso = sample().build();
  iso.put8(iso.record("/DOCS"), 255);
  v = parse(iso);
  EXPECT_TRUE(v.found);
  EXPECT_FALSE(v.tree.directories[0].crossingRecords.empty() && v.tree.records.size() > 100);

  iso = sample().build();
  iso.put8(iso.record("/DOCS"), 7);
  v = parse(iso);
  EXPECT_EQ(v.tree.directories[0].shortRecords.size(), 1u);
}

TEST(HostileImage, ExtentsAt0xFFFFFFFFAreNeverFollowed) {
  BuiltIso iso = sample().build();
  iso.putBoth32(iso.recordField("/DOCS", kLocationOfExtent), 0xFFFFFFFF, 0xFFFFFFFF);
  iso.putBoth32(iso.recordField("/README.TXT;1", kLocationOfExtent), 0xFFFFFFFF, 0xFFFFFFFF);
  iso.putBoth32(iso.recordField("/README.TXT;1", kDataLength), 0xFFFFFFFF, 0xFFFFFFFF);
  const IsoVolume v = parse(iso);
  ASSERT_EQ(v.tree.skipped.size(), 1u);
  EXPECT_EQ(v.tree.skipped[0].reason, SkipReason::OutsideImage);
  const FileEntry* f = fileAt(v, "/README.TXT;1");
  ASSERT_NE(f, nullptr);
  EXPECT_TRUE(f->outsideImage());
  EXPECT_EQ(f->runs[0].readableLength, 0u);
  EXPECT_EQ(f->runs[0].imageOffset, uint64_t{0xFFFFFFFF} * 2048);
}

TEST(HostileImage, FourGibPathTableIsReadOnlyAsFarAsTheImage) {
  BuiltIso iso = sample().build();
  iso.putBoth32(iso.pvd(kPathTableSize), 0xFFFFFFFF, 0xFFFFFFFF);
  const IsoVolume v = parse(iso);
  const PathTable& l = *v.pathTable(PathTableKind::TypeL);
  EXPECT_TRUE(l.readCut);
  EXPECT_LE(l.bytesRead, iso.bytes.size());
  EXPECT_EQ(l.declaredSize, 0xFFFFFFFFu);
}

// A source whose sectors past a built image are directories nested 100,000 deep, made on demand.
class NestedSource final : public ByteSource {
public:
  NestedSource(std::vector<uint8_t> prefix, uint32_t firstExtent, uint32_t count)
      : prefix_(std::move(prefix)), first_(firstExtent), count_(count) {
    info_.path = "nested";
    info_.kind = SourceKind::Memory;
    info_.size = (uint64_t{first_} + count_) * 2048;
  }
  const SourceInfo& info() const override { return info_; }
  Result<size_t> readAt(uint64_t offset, MutableByteView out) override {
    size_t n = 0;
    while (n < out.size() && offset + n < *info_.size) {
      const uint64_t at = offset + n;
      out[n++] = byteAt(at);
    }
    return n;
  }
  Result<size_t> readNext(MutableByteView) override { return size_t{0}; }

private:
  uint8_t byteAt(uint64_t at) const {
    if (at < prefix_.size()) return prefix_[at];
    const auto sector = static_cast<uint32_t>(at / 2048);
    const size_t off = at % 2048;
    if (off >= 3 * 34) return 0;
    const size_t which = off / 34;
    if (which == 2 && sector + 1 >= first_ + count_) return 0;
    const uint32_t extent = which == 0 ? sector : which == 1 ? sector - 1 : sector + 1;
    std::array<uint8_t, 34> r{};
    r[0] = 34;
    for (size_t i = 0; i < 4; ++i) {
      r[2 + i] = static_cast<uint8_t>(extent >> (8 * i));
      r[9 - i] = static_cast<uint8_t>(extent >> (8 * i));
    }
    r[11] = 0x08; // data length 2048, LE
    r[16] = 0x08; // BE
    r[25] = 0x02;
    r[32] = 1;
    r[33] = which == 0 ? 0 : which == 1 ? 1 : 'D';
    return r[off % 34];
  }
  std::vector<uint8_t> prefix_;
  uint32_t first_;
  uint32_t count_;
  SourceInfo info_;
};

TEST(HostileImage, HundredThousandNestedDirectoriesStopAtTheDepthLimit) {
  IsoBuilder b;
  b.directory("/D");
  BuiltIso iso = b.build();
  const uint32_t first = iso.volumeSpaceSize;
  iso.putBoth32(iso.recordField("/D", kLocationOfExtent), first, first);
  NestedSource src(iso.bytes, first, 100000);
  const auto t0 = std::chrono::steady_clock::now();
  MetadataReader reader(src);
  const IsoVolume v = parseIsoVolume(reader);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_TRUE(v.tree.depthLimitHit);
  EXPECT_EQ(v.tree.maxDepthSeen, WalkLimits{}.maxDepth);
  EXPECT_LT(seconds, 1.0);
}

} // namespace
} // namespace dv::analyzer::iso9660
