// ExtensionScan: metadata before the pass, digests during it.
#include "analyzer/iso9660/ExtensionScan.h"

namespace dv::analyzer {

ExtensionScan::ExtensionScan(ByteSource& source, std::vector<hashing::Algorithm> algorithms) {
  const ImageSectors image(source);
  elTorito_ = readElTorito(image);
  systemArea_ = readSystemArea(image);
  udf_ = readUdfRecognition(image);
  std::vector<ByteRange> ranges;
  for (const BootEntry& e : elTorito_.entries) ranges.push_back(e.image);
  if (!ranges.empty())
    bootImages_ = std::make_unique<RangeDigestConsumer>("boot-images", std::move(ranges), std::move(algorithms));
}

void ExtensionScan::addConsumers(std::vector<Consumer*>& consumers) {
  if (bootImages_) consumers.push_back(bootImages_.get());
}

void ExtensionScan::finish(ElTorito& elTorito, SystemArea& systemArea, UdfRecognition& udf) {
  if (bootImages_)
    for (size_t i = 0; i < elTorito_.entries.size(); ++i) elTorito_.entries[i].digests = bootImages_->digests(i);
  elTorito = std::move(elTorito_);
  systemArea = std::move(systemArea_);
  udf = std::move(udf_);
}

} // namespace dv::analyzer
