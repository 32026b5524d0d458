// ExtensionScan: reads the El Torito, system-area and UDF facts of an image before the read pass,
// and supplies the consumers that complete them during it (boot image digests).
#pragma once

#include <memory>
#include <vector>

#include "analyzer/iso9660/ElTorito.h"
#include "analyzer/iso9660/SystemArea.h"
#include "analyzer/iso9660/UdfRecognition.h"
#include "analyzer/pipeline/Consumer.h"
#include "analyzer/pipeline/RangeDigestConsumer.h"
#include "analyzer/sources/ByteSource.h"

namespace dv::analyzer {

/// One scan of one input. Not thread-safe; the consumers it adds are used by the pass as usual.
class ExtensionScan {
public:
  /// Reads the metadata (bounded reads through ImageSectors). Never fails: unreadable parts are
  /// recorded in the facts.
  ExtensionScan(ByteSource& source, std::vector<hashing::Algorithm> algorithms);

  /// Appends this scan's consumers (owned by the scan) to a pass's consumer list.
  void addConsumers(std::vector<Consumer*>& consumers);
  /// Moves the facts out, with the digests of the pass filled in. Call once, after the pass.
  void finish(ElTorito& elTorito, SystemArea& systemArea, UdfRecognition& udf);

private:
  ElTorito elTorito_;
  SystemArea systemArea_;
  UdfRecognition udf_;
  std::unique_ptr<RangeDigestConsumer> bootImages_;
};

} // namespace dv::analyzer
