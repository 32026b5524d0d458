// ExtensionScan: reads the El Torito, system-area, UDF and embedded-checksum facts of an image
// before the read pass, and supplies the consumers that complete them during it (boot image
// digests, embedded checksum verification).
#pragma once

#include <memory>
#include <vector>

#include "analyzer/discapp/DiscApplication.h"
#include "analyzer/iso9660/ElTorito.h"
#include "analyzer/iso9660/FileMd5.h"
#include "analyzer/pipeline/FileHashConsumer.h"
#include "analyzer/iso9660/EmbeddedChecksums.h"
#include "analyzer/iso9660/IsoVolume.h"
#include "analyzer/iso9660/Joliet.h"
#include "analyzer/iso9660/RockRidgeVolume.h"
#include "analyzer/iso9660/SystemArea.h"
#include "analyzer/iso9660/UdfRecognition.h"
#include "analyzer/iso9660/ZisofsBlocks.h"
#include "analyzer/pipeline/Consumer.h"
#include "analyzer/pipeline/RangeDigestConsumer.h"
#include "analyzer/sources/ByteSource.h"

namespace dv::analyzer {

struct ImageAnalysis;

/// One scan of one input. Not thread-safe; the consumers it adds are used by the pass as usual.
class ExtensionScan {
public:
  /// Reads the metadata (bounded reads through ImageSectors). Never fails: unreadable parts are
  /// recorded in the facts.
  /// `iso` is the parsed ISO 9660 volume (nullptr when parsing was off): Joliet and Rock Ridge
  /// are read on top of it.
  ExtensionScan(ByteSource& source, std::vector<hashing::Algorithm> algorithms, const iso9660::IsoVolume* iso = nullptr);

  /// Appends this scan's consumers (owned by the scan) to a pass's consumer list.
  void addConsumers(std::vector<Consumer*>& consumers);
  /// Moves the facts into `out`, with the results of the pass filled in (out.pass must be set).
  /// Call once, after the pass.
  void finish(ImageAnalysis& out);

private:
  void finishFileMd5s(std::vector<EmbeddedChecksum>& out) const;

  ElTorito elTorito_;
  SystemArea systemArea_;
  UdfRecognition udf_;
  std::vector<JolietVolume> joliet_;
  RockRidgeVolume rockRidge_;
  std::unique_ptr<RangeDigestConsumer> bootImages_;
  std::unique_ptr<EmbeddedChecksumConsumer> embedded_;
  std::unique_ptr<ZisofsBlockConsumer> zisofsBlocks_;
  std::optional<LibisofsFileMd5s> fileMd5s_;
  std::unique_ptr<FileHashConsumer> fileMd5Hashes_; ///< MD5 of the files with a recorded one
  DiscApplication discApp_;
  std::unique_ptr<DiscAppConsumer> discAppChecks_;
};

} // namespace dv::analyzer
