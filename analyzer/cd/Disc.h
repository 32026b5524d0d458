// Disc: one model of a CD for every description format (cd-layouts.md §2, §3): the disc, its
// sessions and tracks, and the fragments of data files that hold each track's sectors.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace dv::analyzer::cd {

/// The content type of a track, as the report names it.
enum class TrackMode { Audio, Mode0, Mode1, Mode2, Mode2Form1, Mode2Form2, Mode2Mixed };

/// "audio", "mode0", "mode1", "mode2", "mode2_form1", "mode2_form2", "mode2_mixed".
std::string_view trackModeName(TrackMode m);

/// How sectors of a track are stored in its file: which part of each sector is present.
enum class SectorLayout {
  Raw,       ///< all 2352 bytes (sync, header, data, EDC/ECC) or CD-DA samples
  Mode2Body, ///< 2336 bytes: Mode 2 after the header (subheader included)
  User,      ///< user data only: 2048 (Mode 1, Form 1), 2324 (Form 2) or 2336 (Mode 2 formless)
};

/// How sub-channel bytes follow each sector, when they do (§1.7).
enum class Subchannel { None, Interleaved, Linear, PackedRw, Separate };

/// "none", "interleaved", "linear", "packed-rw", "separate-file".
std::string_view subchannelName(Subchannel s);

/// A run of a track's sectors stored in one file, or generated (zeros or silence, no file).
struct Fragment {
  int32_t firstLba = 0;        ///< LBA of the first sector of the run
  uint64_t sectors = 0;
  int file = -1;               ///< index into Disc::files; -1 = generated, not stored
  uint64_t offset = 0;         ///< byte offset of the first sector in the file
  uint32_t sectorSize = 0;     ///< bytes per sector in the file, sub-channel included
  uint32_t mainSize = 0;       ///< bytes per sector without sub-channel
  SectorLayout layout = SectorLayout::Raw;
  Subchannel subchannel = Subchannel::None;
  bool swapAudio = false;      ///< audio samples stored big-endian (MOTOROLA, raw cdrdao audio)
};

/// An index mark of a track: number (0 = pregap, 1 = start, 2..99) and absolute LBA.
struct TrackIndex {
  uint32_t number = 1;
  int32_t lba = 0;
};

/// Sub-channel control flags of a track (§1.7 CONTROL; CUE FLAGS; TOC flag statements).
struct TrackFlags {
  bool copyPermitted = false;
  bool preEmphasis = false;
  bool fourChannel = false;
  bool scms = false;
  bool data = false;
};

/// CD-TEXT fields of the disc or a track (of the first language block; every block is in Disc::cdTextBlocks).
struct CdText {
  std::string title, performer, songwriter, composer, arranger, message, discId, genre, upcIsrc;
  bool empty() const {
    return title.empty() && performer.empty() && songwriter.empty() && composer.empty() && arranger.empty() &&
           message.empty() && discId.empty() && genre.empty() && upcIsrc.empty();
  }
};

/// The text of one CD-TEXT language block decoded from packs (MMC Annex J: up to 8 blocks, each in
/// its own language, named by the size information packs 0x8F).
struct CdTextBlock {
  uint32_t block = 0;            ///< 0-7 (bits 4-6 of pack byte 3)
  uint8_t languageCode = 0;      ///< from the size information (EBU Tech 3264 code; 0 = not given)
  std::string language;          ///< its name: "english", "german", ... or "unknown-0x.."
  std::string characterCode;     ///< of this block's own size information: "iso-8859-1", "ascii", "ms-jis", ...
  bool doubleByte = false;       ///< double-byte text (not decoded)
  CdText disc;                   ///< the disc's text in this block
  std::map<uint32_t, CdText> tracks; ///< each track's text in this block, by track number
};

/// What the CD-TEXT packs of a disc showed (MMC CD-TEXT, carried in the R-W sub-channel of the
/// lead-in): 18-byte packs, each with a CRC-16 like the Q channel's (§1.7).
struct CdTextPackFacts {
  std::string source;              ///< where the packs came from: "cdtextfile", "ccd", "nrg"
  std::string file;                ///< the .cdt file, for "cdtextfile"
  uint64_t packs = 0;              ///< whole 18-byte packs examined
  uint64_t crcFailures = 0;        ///< packs whose CRC does not verify (a stored 0000 is not checked)
  std::vector<uint32_t> crcFailurePacks; ///< 0-based indexes of the first failing packs
  uint64_t crcNotRecorded = 0;     ///< packs whose CRC field is 0000
  uint64_t unknownTypes = 0;       ///< pack types outside 0x80-0x8F
  uint64_t sequenceBreaks = 0;     ///< packs whose sequence number is not the previous one + 1
  uint32_t blocks = 0;             ///< language blocks present (bits 4-6 of byte 3)
  std::string characterCode;       ///< of block 0 from its size information pack: "iso-8859-1", "ascii", "ms-jis", ...
  bool doubleByte = false;         ///< block 0 uses double-byte characters (not decoded)
  uint64_t extraBytes = 0;         ///< bytes after the last whole pack (a header or padding excluded)
  bool truncated = false;          ///< the source was longer than the bytes examined
};

/// One track: number, session, mode, addresses and where its sectors are.
struct Track {
  uint32_t number = 1;
  uint32_t session = 1;
  TrackMode mode = TrackMode::Mode1;
  std::string modeText;        ///< the mode as the descriptor writes it ("MODE1/2352", "AUDIO", 0xAA)
  int32_t startLba = 0;        ///< index 1
  uint64_t sectors = 0;        ///< from index 1 to the end of the track, postgap excluded
  uint32_t pregap = 0;         ///< sectors before index 1 (stored or generated)
  uint32_t pregapStored = 0;   ///< of which are stored in a file
  uint32_t postgap = 0;        ///< generated sectors after the track
  std::vector<TrackIndex> indexes;
  TrackFlags flags;
  std::string isrc;
  CdText cdText;
  std::vector<Fragment> fragments; ///< in LBA order; cover pregap, track and postgap
  uint32_t sectorSize = 0;     ///< bytes per sector on disk of the track's stored sectors
  bool audio() const { return mode == TrackMode::Audio; }
};

/// A session: number, its tracks (by number) and lead-out.
struct Session {
  uint32_t number = 1;
  uint32_t firstTrack = 1;
  uint32_t lastTrack = 1;
  std::optional<int32_t> leadOutLba;
};

/// A data file named by the descriptor.
struct DataFile {
  std::string name;            ///< as written in the descriptor
  std::string path;            ///< resolved path (empty when not found)
  bool found = false;
  uint64_t size = 0;           ///< bytes, when found
  uint64_t needed = 0;         ///< bytes the tracks described need from it
  std::string role;            ///< "image", "subchannel", "audio"
};

/// A problem in a descriptor, recorded as a fact for the rules (the rule decides severity).
struct SheetIssue {
  std::string topic;   ///< rule id of the check it belongs to ("CUE-001", "NRG-002", ...)
  bool minor = false;  ///< a sub-case that the rule table marks as lower severity ("(W)")
  bool note = false;   ///< a sub-case that the rule table marks as information ("(I)")
  uint32_t line = 0;   ///< 1-based line of a text descriptor, 0 when not applicable
  uint64_t offset = 0; ///< byte offset in a binary descriptor
  bool hasOffset = false;
  std::string message;
  std::string expected;
  std::string actual;
};

/// The disc as described (or detected from raw bytes).
struct Disc {
  std::string format;            ///< "cue", "toc", "ccd", "nrg", "mds", "raw", "iso"
  std::string descriptorPath;
  std::string catalog;           ///< media catalog number
  CdText cdText;
  bool hasCdText = false;        ///< CD-TEXT present (fields, CDTEXTFILE, CDTX, [CDText])
  std::string cdTextFile;        ///< the CUE CDTEXTFILE name, as written
  std::vector<uint8_t> cdTextPacks; ///< raw CD-TEXT packs from the descriptor ([CDText] entries, CDTX)
  std::optional<CdTextPackFacts> cdTextPackFacts; ///< set once packs were decoded
  std::vector<CdTextBlock> cdTextBlocks; ///< every language block decoded from the packs, in block order
  bool scrambled = false;        ///< data sectors kept scrambled (CloneCD DataTracksScrambled=1)
  std::vector<Session> sessions;
  std::vector<Track> tracks;
  std::vector<DataFile> files;
  std::vector<SheetIssue> issues;
  // Raw detection (§4), for descriptor-less dumps: what the bytes showed.
  uint32_t detectedStride = 0;
  std::string detectedBy;
};

} // namespace dv::analyzer::cd
