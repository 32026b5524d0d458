// ExtensionScan: metadata before the pass, digests during it.
#include "analyzer/iso9660/ExtensionScan.h"

#include "analyzer/ImageAnalysis.h"

namespace dv::analyzer {

ExtensionScan::ExtensionScan(ByteSource& source, std::vector<hashing::Algorithm> algorithms, const iso9660::IsoVolume* iso) {
  const ImageSectors image(source);
  if (iso && iso->found) {
    iso9660::MetadataReader reader(source);
    joliet_ = readJolietVolumes(reader, *iso);
    rockRidge_ = readRockRidge(image, *iso);
    if (!rockRidge_.zisofs.empty()) {
      // Inflated output capped like the per-file digests: four times the image plus 1 GiB.
      zisofsBlocks_ = std::make_unique<ZisofsBlockConsumer>(rockRidge_, *iso, image.sizeBytes() * 4 + (uint64_t{1} << 30));
      if (zisofsBlocks_->empty()) {
        zisofsBlocks_->store(rockRidge_); // blocks judged without data (oversized, empty) still count
        zisofsBlocks_.reset();
      }
    }
    fileMd5s_ = readLibisofsFileMd5s(image, *iso, rockRidge_);
    if (fileMd5s_ && !fileMd5s_->files.empty()) {
      std::vector<FileLayout> layouts;
      for (const RecordedFileMd5& f : fileMd5s_->files) {
        FileLayout l;
        for (const auto& r : iso->tree.files[f.file].runs) l.runs.push_back({r.imageOffset, r.length});
        layouts.push_back(std::move(l));
      }
      // The same bound as the per-file digests: shared extents cannot multiply the work without end.
      const uint64_t budget = image.sizeBytes() * 4 + (uint64_t{1} << 30);
      fileMd5Hashes_ = std::make_unique<FileHashConsumer>(std::move(layouts), std::vector{hashing::Algorithm::Md5}, budget);
    }
  }
  elTorito_ = readElTorito(image);
  systemArea_ = readSystemArea(image);
  udf_ = readUdfRecognition(image);
  if (iso && iso->found) {
    discApp_ = readDiscApplication(image, *iso, rockRidge_, joliet_, udf_);
    if (discApp_.present()) {
      discAppChecks_ = std::make_unique<DiscAppConsumer>(discApp_, *iso);
      if (discAppChecks_->empty()) discAppChecks_.reset();
    }
  }
  std::vector<ByteRange> ranges;
  for (const BootEntry& e : elTorito_.entries) ranges.push_back(e.image);
  if (!ranges.empty())
    bootImages_ = std::make_unique<RangeDigestConsumer>("boot-images", std::move(ranges), std::move(algorithms));
  EmbeddedChecksumFacts embedded = findEmbeddedChecksums(image);
  if (embedded.isoMd5 || !embedded.tags.empty()) embedded_ = std::make_unique<EmbeddedChecksumConsumer>(std::move(embedded));
}

void ExtensionScan::addConsumers(std::vector<Consumer*>& consumers) {
  if (bootImages_) consumers.push_back(bootImages_.get());
  if (embedded_) consumers.push_back(embedded_.get());
  if (discAppChecks_) consumers.push_back(discAppChecks_.get());
  if (fileMd5Hashes_) consumers.push_back(fileMd5Hashes_.get());
  if (zisofsBlocks_) consumers.push_back(zisofsBlocks_.get());
}

// libisofs doc/checksums.txt: entries 1 ... N of the array are the files' MD5s (of the data as
// written), entry N+1 the MD5 of entries 0 ... N. One summary entry, then one per differing file.
void ExtensionScan::finishFileMd5s(std::vector<EmbeddedChecksum>& out) const {
  if (!fileMd5s_ || !fileMd5s_->arrayRead) return;
  const LibisofsFileMd5s& m = *fileMd5s_;
  constexpr size_t kMaxListed = 100;
  size_t matching = 0, differing = 0, unread = 0;
  std::vector<EmbeddedChecksum> files;
  for (size_t k = 0; k < m.files.size(); ++k) {
    const RecordedFileMd5& f = m.files[k];
    const FileDigest* d = fileMd5Hashes_ && k < fileMd5Hashes_->results().size() ? &fileMd5Hashes_->results()[k] : nullptr;
    if (!d || !d->complete || d->digests.empty()) {
      ++unread;
      continue;
    }
    const std::string computed = d->digests.front().hex();
    if (computed == f.md5) {
      ++matching;
      continue;
    }
    ++differing;
    if (files.size() >= kMaxListed) continue;
    EmbeddedChecksum c;
    c.kind = "libisofs file MD5";
    c.lba = f.lba;
    c.covered = f.covered;
    c.path = f.path;
    c.expected = f.md5;
    c.computed = computed;
    c.status = EmbeddedStatus::Mismatch;
    c.detail = "file " + f.path + " differs from the MD5 recorded for it (isofs.cx " + std::to_string(f.index) + ")";
    files.push_back(std::move(c));
  }
  EmbeddedChecksum summary;
  summary.kind = "libisofs file MD5s";
  summary.lba = m.arrayLba;
  summary.covered = m.arrayBytes();
  summary.expected = m.arraySelfRecorded;
  summary.computed = m.arraySelfComputed;
  const bool arrayOk = m.arraySelfRecorded == m.arraySelfComputed;
  summary.status = !arrayOk || differing > 0           ? EmbeddedStatus::Mismatch
                   : unread > 0 || !m.badIndexes.empty() ? EmbeddedStatus::Incomplete
                                                          : EmbeddedStatus::Match;
  summary.detail = std::to_string(m.files.size()) + " files: " + std::to_string(matching) + " match, " + std::to_string(differing) +
                   " differ, " + std::to_string(unread) + " not read whole";
  if (!m.badIndexes.empty())
    summary.detail += "; " + std::to_string(m.badIndexes.size()) + " with an index outside the array (first: " + m.badIndexes.front() + ")";
  if (!arrayOk) summary.detail += "; the array's own MD5 (its last entry) does not match its entries";
  out.push_back(std::move(summary));
  for (auto& c : files) out.push_back(std::move(c));
}

void ExtensionScan::finish(ImageAnalysis& out) {
  if (bootImages_)
    for (size_t i = 0; i < elTorito_.entries.size(); ++i) elTorito_.entries[i].digests = bootImages_->digests(i);
  out.elTorito = std::move(elTorito_);
  out.systemArea = std::move(systemArea_);
  out.udf = std::move(udf_);
  out.joliet = std::move(joliet_);
  if (zisofsBlocks_) zisofsBlocks_->store(rockRidge_);
  out.rockRidge = std::move(rockRidge_);
  if (discAppChecks_) discAppChecks_->store(discApp_);
  out.discApplication = std::move(discApp_);
  if (embedded_) out.embeddedChecksums = embedded_->results();
  finishFileMd5s(out.embeddedChecksums);
  // A sum over zero-filled unreadable sectors says nothing about the medium: neither match nor mismatch.
  for (EmbeddedChecksum& c : out.embeddedChecksums)
    for (const ByteRange& u : out.pass.unreadable)
      if (u.overlaps(c.covered)) {
        c.status = EmbeddedStatus::Incomplete;
        c.detail = "unreadable sectors lie inside the covered range";
      }
}

} // namespace dv::analyzer
