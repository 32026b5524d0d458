// DiscApplication: the DVD-Video (VIDEO_TS) and Blu-ray (BDMV) structure of an image, found through
// the ISO 9660 tree (dvd-bd.md sections 1 and 2): the application files, IFO headers and title
// table, IFO/BUP agreement, BDMV database headers and BACKUP copies, and the per-sector VOB and
// per-unit M2TS facts completed during the read pass. Facts only.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "analyzer/discapp/UdfFiles.h"
#include "analyzer/iso9660/ImageSectors.h"
#include "analyzer/iso9660/IsoVolume.h"
#include "analyzer/iso9660/Joliet.h"
#include "analyzer/iso9660/RockRidgeVolume.h"
#include "analyzer/pipeline/Consumer.h"

namespace dv::analyzer {

/// A file of the disc application, located through the ISO 9660 tree.
struct AppFile {
  size_t file = 0;          ///< index in IsoVolume::tree.files
  std::string path;         ///< best path: Rock Ridge, else Joliet, else ISO 9660 without ";version"
  uint64_t lba = 0;         ///< first 2048-byte sector of the data
  uint64_t size = 0;        ///< bytes
  bool contiguous = true;   ///< one run, wholly inside the image
  /// Whole 2048-byte sectors the data occupies.
  uint64_t sectors() const { return (size + 2047) / 2048; }
};

/// How a copy compares with its original.
enum class Comparison { NotCompared, Identical, Different };
std::string_view comparisonName(Comparison c);

/// A "sector of ..." field of an IFO header (dvd-bd.md 1.2), relative to the IFO's first sector.
struct IfoSectorPointer {
  std::string name;         ///< the field, e.g. "TT_SRPT", "VTSTT_VOBS"
  uint32_t offset = 0;      ///< byte offset of the field in the header
  uint32_t sector = 0;      ///< 0 = none
  bool videoObjects = false; ///< points at a VOBS (a VOB file), not at a table inside the IFO
};

/// The header (VMGI_MAT or VTSI_MAT) in the first sector of an IFO.
struct IfoHeader {
  bool readable = false;
  std::string identifier;          ///< 12 bytes at 0x000
  uint32_t lastSectorOfSet = 0;    ///< 0x00C, relative
  uint32_t lastSectorOfIfo = 0;    ///< 0x01C, relative
  uint8_t specificationVersion = 0; ///< 0x021
  uint32_t category = 0;           ///< 0x022
  uint16_t numberOfVolumes = 0;    ///< 0x026 (VMG)
  uint16_t volumeNumber = 0;       ///< 0x028 (VMG)
  uint8_t discSide = 0;            ///< 0x02A (VMG)
  uint16_t numberOfTitleSets = 0;  ///< 0x03E (VMG)
  std::string providerIdentifier;  ///< 0x040, 32 bytes, trailing spaces and NULs removed (VMG)
  uint32_t lastByteOfMat = 0;      ///< 0x080
  std::vector<IfoSectorPointer> pointers;
};

/// A VOB file with the facts of its sectors (filled during the pass).
struct VobFile {
  AppFile file;
  unsigned part = 0;                       ///< 0: menu VOB (VIDEO_TS.VOB, VTS_nn_0.VOB); 1..9 title VOBs
  uint64_t sectorsChecked = 0;
  uint64_t sectorsWithoutPackStart = 0;    ///< not starting 00 00 01 BA
  std::optional<uint64_t> firstWithoutPackStart; ///< image sector of the first such sector
  uint64_t cssScrambledSectors = 0;        ///< PES scrambling control set: sector[0x14] & 0x30
};

/// The video manager (number 0) or one title set (1..99).
struct DvdTitleSet {
  unsigned number = 0;
  std::optional<AppFile> ifo;
  std::optional<AppFile> bup;
  IfoHeader header;                        ///< of the IFO, when present
  Comparison bupComparison = Comparison::NotCompared;
  std::vector<VobFile> vobs;               ///< ordered by part
};

/// One entry of the title search pointer table (TT_SRPT).
struct DvdTitle {
  unsigned number = 0;                     ///< 1-based position in the table
  uint8_t playbackType = 0;
  uint8_t numberOfAngles = 0;
  uint16_t numberOfChapters = 0;
  uint8_t titleSetNumber = 0;
  uint8_t titleNumber = 0;                 ///< within the set
  uint32_t titleSetStartSector = 0;
};

/// The VIDEO_TS structure.
struct DvdVideo {
  bool present = false;                    ///< a VIDEO_TS directory with files at the root
  DvdTitleSet manager;                     ///< VIDEO_TS.IFO / .VOB / .BUP
  std::vector<DvdTitleSet> titleSets;      ///< every VTS_nn_* seen, by number
  bool titleTableRead = false;
  uint16_t numberOfTitles = 0;             ///< declared by TT_SRPT
  std::vector<DvdTitle> titles;            ///< the entries that lie inside the IFO
  std::vector<std::string> otherFiles;     ///< files of VIDEO_TS that are not DVD-Video files
  /// VIDEO_TS as the UDF tree lists it; nullopt without UDF or when its structures cannot be followed.
  std::optional<std::vector<UdfFile>> udfFiles;
};

/// A BDMV database file header: 4-byte type, 4-digit version, start addresses (BE32).
struct BdmvHeader {
  AppFile file;
  bool readable = false;
  std::string typeIndicator;               ///< "INDX", "MOBJ", "MPLS", "HDMV"
  std::string version;                     ///< "0100", "0200", "0300"
  std::vector<uint32_t> startAddresses;    ///< from byte 8, in order
  std::string expectedType;                ///< what the file's name and place call for
};

/// A BACKUP/ copy compared with its original.
struct BdmvBackup {
  std::string original;                    ///< path of the original
  std::string backup;                      ///< path the copy should have
  bool backupPresent = false;
  Comparison comparison = Comparison::NotCompared;
};

/// A STREAM/*.m2ts clip with the facts of its aligned units (filled during the pass).
struct BdmvStream {
  AppFile file;
  uint64_t unitsChecked = 0;               ///< whole 6144-byte aligned units examined
  uint64_t unitsWithoutSync = 0;           ///< units where a packet of the first sector lacks 47h
  uint64_t packetsChecked = 0;
  uint64_t packetsWithoutSync = 0;
};

/// The BDMV structure.
struct Bdmv {
  bool present = false;                    ///< a BDMV directory at the root
  std::optional<BdmvHeader> index;         ///< BDMV/index.bdmv
  std::optional<BdmvHeader> movieObject;   ///< BDMV/MovieObject.bdmv
  std::vector<BdmvHeader> playlists;       ///< BDMV/PLAYLIST/*.mpls
  std::vector<BdmvHeader> clipInfos;       ///< BDMV/CLIPINF/*.clpi
  std::vector<BdmvStream> streams;         ///< BDMV/STREAM/*.m2ts
  std::vector<BdmvBackup> backups;
};

/// The disc application facts of an image.
struct DiscApplication {
  DvdVideo dvd;
  Bdmv bd;
  bool present() const { return dvd.present || bd.present; }
};

/// Limits of the metadata reads.
struct DiscAppLimits {
  uint64_t maxFileBytes = uint64_t{4} << 20;   ///< an IFO, BUP or BDMV database file read in full up to this
  uint64_t budgetBytes = uint64_t{64} << 20;   ///< all metadata reads together (also capped by the image size)
};

/// Finds the VIDEO_TS and BDMV files of `volume` (names from `rockRidge` and `joliet` when present),
/// reads the IFO headers, the title table, the BDMV headers, and compares IFO/BUP and BACKUP copies.
/// Never fails: unreadable files are recorded as such. Thread-safe.
/// `udf` (the recognition facts) leads to the UDF tree, whose VIDEO_TS is listed for comparison.
DiscApplication readDiscApplication(const ImageSectors& image, const iso9660::IsoVolume& volume,
                                    const RockRidgeVolume& rockRidge, const std::vector<JolietVolume>& joliet,
                                    const UdfRecognition& udf, const DiscAppLimits& limits = {});

/// Checks the sectors of every VOB and the aligned units of every M2TS clip during the pass.
/// consume() is safe from several threads (counters are atomic). Results go back with store().
class DiscAppConsumer final : public Consumer {
public:
  /// Takes the file runs of the VOBs and clips of `app`; `volume` gives the runs.
  DiscAppConsumer(const DiscApplication& app, const iso9660::IsoVolume& volume);
  ~DiscAppConsumer() override;

  std::string_view name() const override { return "disc-application"; }
  bool needsPrevious(uint64_t, uint64_t) const override { return false; }
  void consume(const Chunk& chunk) override;
  /// Writes the counts into the VOB and stream facts of `app` (the same object given to the constructor).
  void store(DiscApplication& app) const;
  /// Whether there is anything to check.
  bool empty() const { return runs_.empty(); }

private:
  struct Counters;
  struct Run {
    uint64_t imageOffset = 0;
    uint64_t fileOffset = 0;
    uint64_t length = 0;
    size_t target = 0;
    bool stream = false;       ///< M2TS (aligned units) rather than VOB (sectors)
  };
  void checkVob(const Chunk& chunk, const Run& r, uint64_t begin, uint64_t end);
  void checkStream(const Chunk& chunk, const Run& r, uint64_t begin, uint64_t end);
  std::vector<Run> runs_;      ///< sorted by imageOffset
  std::vector<uint64_t> endsSoFar_; ///< endsSoFar_[i]: the largest run end among runs_[0 ... i]
  std::unique_ptr<Counters[]> counters_;
  size_t vobTargets_ = 0;
  size_t streamTargets_ = 0;
};

} // namespace dv::analyzer
