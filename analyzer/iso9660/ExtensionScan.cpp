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
    discApp_ = readDiscApplication(image, *iso, rockRidge_, joliet_);
    if (discApp_.present()) {
      discAppChecks_ = std::make_unique<DiscAppConsumer>(discApp_, *iso);
      if (discAppChecks_->empty()) discAppChecks_.reset();
    }
  }
  elTorito_ = readElTorito(image);
  systemArea_ = readSystemArea(image);
  udf_ = readUdfRecognition(image);
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
}

void ExtensionScan::finish(ImageAnalysis& out) {
  if (bootImages_)
    for (size_t i = 0; i < elTorito_.entries.size(); ++i) elTorito_.entries[i].digests = bootImages_->digests(i);
  out.elTorito = std::move(elTorito_);
  out.systemArea = std::move(systemArea_);
  out.udf = std::move(udf_);
  out.joliet = std::move(joliet_);
  out.rockRidge = std::move(rockRidge_);
  if (discAppChecks_) discAppChecks_->store(discApp_);
  out.discApplication = std::move(discApp_);
  if (!embedded_) return;
  out.embeddedChecksums = embedded_->results();
  // A sum over zero-filled unreadable sectors says nothing about the medium: neither match nor mismatch.
  for (EmbeddedChecksum& c : out.embeddedChecksums)
    for (const ByteRange& u : out.pass.unreadable)
      if (u.overlaps(c.covered)) {
        c.status = EmbeddedStatus::Incomplete;
        c.detail = "unreadable sectors lie inside the covered range";
      }
}

} // namespace dv::analyzer
