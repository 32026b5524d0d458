// CdReport: DFXML and JSON sections for CD inputs.
#include "report/CdReport.h"

#include <pugixml.hpp>

#include <array>
#include <utility>

#include "core/Text.h"

namespace dv::report {
namespace {

using namespace analyzer::cd;

/// The text fields of a CD-TEXT entry as (report key, value), in pack type order.
std::array<std::pair<const char*, const std::string*>, 8> cdTextFields(const CdText& t) {
  return {{{"title", &t.title}, {"performer", &t.performer}, {"songwriter", &t.songwriter}, {"composer", &t.composer},
           {"arranger", &t.arranger}, {"message", &t.message}, {"disc_id", &t.discId}, {"upc_isrc", &t.upcIsrc}}};
}

/// Calls `f(track, text)` for the disc (track 0) and each track of a block that has any text.
template <typename F>
void eachCdTextEntry(const CdTextBlock& b, F&& f) {
  if (!b.disc.empty()) f(0u, b.disc);
  for (const auto& [track, text] : b.tracks)
    if (!text.empty()) f(track, text);
}

void attr(pugi::xml_node n, const char* name, const std::string& v) { n.append_attribute(name).set_value(utf8Safe(v).c_str()); }
void attr(pugi::xml_node n, const char* name, uint64_t v) { n.append_attribute(name).set_value(std::to_string(v).c_str()); }
void attrSigned(pugi::xml_node n, const char* name, int64_t v) { n.append_attribute(name).set_value(std::to_string(v).c_str()); }

void hashdigest(pugi::xml_node parent, const hashing::Digest& d) {
  pugi::xml_node h = parent.append_child("hashdigest");
  h.append_attribute("type").set_value(std::string(hashing::dfxmlType(d.algorithm)).c_str());
  if (hashing::dfxmlType(d.algorithm) == "OTHER")
    h.append_attribute("dv:algorithm").set_value(std::string(hashing::algorithmName(d.algorithm)).c_str());
  h.text().set(d.hex().c_str());
}

const TrackContentDigest* contentOf(const CdAnalysis& cd, uint32_t track) {
  for (const auto& c : cd.content)
    if (c.track == track) return &c;
  return nullptr;
}

std::string flagsText(const TrackFlags& f) {
  std::string s;
  auto add = [&](bool on, const char* name) {
    if (!on) return;
    if (!s.empty()) s.push_back(' ');
    s.append(name);
  };
  add(f.copyPermitted, "copy");
  add(f.preEmphasis, "pre-emphasis");
  add(f.fourChannel, "four-channel");
  add(f.scms, "scms");
  return s;
}

void runsDfxml(pugi::xml_node parent, const char* name, const FaultRuns& runs) {
  for (const LbaRange& r : runs.ranges) {
    pugi::xml_node n = parent.append_child(name);
    attrSigned(n, "first_lba", r.first);
    attr(n, "count", uint64_t{r.count});
  }
}

// The sub-channel summary of a track (§1.7, CD-SUB-001): what the blocks hold and where Q fails.
void subchannelDfxml(pugi::xml_node partition, const SubchannelFacts& f) {
  pugi::xml_node n = partition.append_child("dv:subchannel");
  attr(n, "arrangement", std::string(subchannelName(f.arrangement)));
  attr(n, "separate_file", std::string(f.separateFile ? "1" : "0"));
  attr(n, "blocks", f.blocks);
  attr(n, "q_crc_failures", f.crcFailures);
  attr(n, "position_blocks", f.positionBlocks);
  attr(n, "catalog_blocks", f.catalogBlocks);
  attr(n, "isrc_blocks", f.isrcBlocks);
  attr(n, "time_mismatches", f.timeMismatch.sectors);
  attr(n, "track_mismatches", f.trackMismatch.sectors);
  if (f.crcRuns.truncated || f.timeMismatch.truncated || f.trackMismatch.truncated) attr(n, "ranges_truncated", std::string("1"));
  for (const auto& c : f.catalogs) n.append_child("dv:q_catalog").text().set(c.c_str());
  for (const auto& c : f.isrcs) n.append_child("dv:q_isrc").text().set(c.c_str());
  runsDfxml(n, "dv:q_crc_failure", f.crcRuns);
  runsDfxml(n, "dv:q_time_mismatch", f.timeMismatch);
  runsDfxml(n, "dv:q_track_mismatch", f.trackMismatch);
}

void runsJson(JsonWriter& j, std::string_view key, const FaultRuns& runs) {
  j.beginObject(key);
  j.value("sectors", runs.sectors);
  j.value("truncated", runs.truncated);
  j.beginArray("ranges");
  for (const LbaRange& r : runs.ranges) {
    j.beginObject();
    j.value("first_lba", static_cast<int>(r.first));
    j.value("count", uint64_t{r.count});
    j.endObject();
  }
  j.endArray();
  j.endObject();
}

void subchannelJson(JsonWriter& j, const SubchannelFacts& f) {
  j.beginObject("subchannel");
  j.value("arrangement", subchannelName(f.arrangement));
  j.value("separate_file", f.separateFile);
  j.value("blocks", f.blocks);
  j.value("position_blocks", f.positionBlocks);
  j.value("catalog_blocks", f.catalogBlocks);
  j.value("isrc_blocks", f.isrcBlocks);
  j.beginArray("catalogs");
  for (const auto& c : f.catalogs) j.element(c);
  j.endArray();
  j.beginArray("isrcs");
  for (const auto& c : f.isrcs) j.element(c);
  j.endArray();
  runsJson(j, "q_crc_failures", f.crcRuns);
  runsJson(j, "time_mismatches", f.timeMismatch);
  runsJson(j, "track_mismatches", f.trackMismatch);
  j.endObject();
}

} // namespace

void writeCdDfxml(pugi::xml_node dio, const CdAnalysis& cd) {
  const Disc& disc = cd.disc;
  pugi::xml_node ps = dio.append_child("partitionsystemobject");
  pugi::xml_node d = ps.append_child("dv:cd");
  attr(d, "format", disc.format);
  attr(d, "descriptor", disc.descriptorPath);
  attr(d, "sessions", static_cast<uint64_t>(disc.sessions.size()));
  attr(d, "tracks", static_cast<uint64_t>(disc.tracks.size()));
  if (!disc.catalog.empty()) attr(d, "catalog", disc.catalog);
  if (disc.detectedStride) attr(d, "detected_stride", disc.detectedStride);
  if (disc.scrambled) attr(d, "scrambled", std::string("1"));
  if (disc.hasCdText) attr(d, "cd_text", std::string("1"));
  for (size_t i = 0; i < disc.files.size(); ++i) {
    const DataFile& f = disc.files[i];
    pugi::xml_node n = ps.append_child("dv:data_file");
    attr(n, "name", f.name);
    attr(n, "role", f.role);
    attr(n, "found", std::string(f.found ? "1" : "0"));
    if (f.found) {
      attr(n, "path", f.path);
      attr(n, "size", f.size);
    }
    attr(n, "needed", f.needed);
    if (i < cd.files.size()) {
      for (const auto& dg : cd.files[i].digests) hashdigest(n, dg);
      if (!cd.files[i].error.empty()) attr(n, "error", cd.files[i].error);
    }
  }
  if (disc.cdTextPackFacts || !disc.cdText.empty()) {
    pugi::xml_node n = ps.append_child("dv:cd_text");
    const CdText& t = disc.cdText;
    if (!t.title.empty()) attr(n, "title", t.title);
    if (!t.performer.empty()) attr(n, "performer", t.performer);
    if (!t.songwriter.empty()) attr(n, "songwriter", t.songwriter);
    if (!t.message.empty()) attr(n, "message", t.message);
    if (!t.upcIsrc.empty()) attr(n, "upc", t.upcIsrc);
    if (const auto& f = disc.cdTextPackFacts) {
      attr(n, "source", f->source);
      if (!f->file.empty()) attr(n, "file", f->file);
      attr(n, "packs", f->packs);
      attr(n, "crc_failures", f->crcFailures);
      attr(n, "crc_not_recorded", f->crcNotRecorded);
      attr(n, "blocks", uint64_t{f->blocks});
      attr(n, "character_code", f->characterCode);
      if (f->doubleByte) attr(n, "double_byte", std::string("1"));
      for (uint32_t p : f->crcFailurePacks) attr(n.append_child("dv:cd_text_crc_failure"), "pack", uint64_t{p});
    }
    // Every language block decoded from the packs, with the text of the disc (track 0) and each track.
    for (const CdTextBlock& b : disc.cdTextBlocks) {
      pugi::xml_node bn = n.append_child("dv:cd_text_block");
      attr(bn, "block", uint64_t{b.block});
      attr(bn, "language_code", uint64_t{b.languageCode});
      attr(bn, "language", b.language);
      attr(bn, "character_code", b.characterCode);
      if (b.doubleByte) attr(bn, "double_byte", std::string("1"));
      eachCdTextEntry(b, [&](uint32_t track, const CdText& text) {
        pugi::xml_node e = bn.append_child("dv:cd_text_entry");
        attr(e, "track", uint64_t{track});
        for (const auto& [key, value] : cdTextFields(text))
          if (!value->empty()) attr(e, key, *value);
      });
    }
  }
  ps.append_child("pstype_str").text().set(disc.tracks.size() == 1 && disc.sessions.size() <= 1 ? "single-track" : "cd");
  for (const Track& t : disc.tracks) {
    pugi::xml_node p = ps.append_child("partitionobject");
    attr(p, "dv:session", t.session);
    attrSigned(p, "dv:start_lba", t.startLba);
    attr(p, "dv:sectors", t.sectors);
    attr(p, "dv:sector_size", t.sectorSize);
    attr(p, "dv:pregap", t.pregap);
    if (t.postgap) attr(p, "dv:postgap", t.postgap);
    if (!t.modeText.empty()) attr(p, "dv:declared_mode", t.modeText);
    if (!t.isrc.empty()) attr(p, "dv:isrc", t.isrc);
    const std::string flags = flagsText(t.flags);
    if (!flags.empty()) attr(p, "dv:flags", flags);
    for (const TrackIndex& i : t.indexes) {
      pugi::xml_node n = p.append_child("dv:index");
      attr(n, "number", i.number);
      attrSigned(n, "lba", i.lba);
    }
    if (!t.cdText.title.empty() || !t.cdText.performer.empty()) {
      pugi::xml_node n = p.append_child("dv:cd_text");
      if (!t.cdText.title.empty()) attr(n, "title", t.cdText.title);
      if (!t.cdText.performer.empty()) attr(n, "performer", t.cdText.performer);
    }
    if (const auto sub = cd.subchannelOf(t.number)) subchannelDfxml(p, *sub);
    pugi::xml_node runs = p.append_child("byte_runs");
    for (const Fragment& f : t.fragments) {
      pugi::xml_node br = runs.append_child("byte_run");
      if (f.file >= 0) {
        attr(br, "file_offset", f.offset);
        attr(br, "len", f.sectors * f.sectorSize);
        attr(br, "dv:file", disc.files[static_cast<size_t>(f.file)].name);
      } else {
        attr(br, "len", uint64_t{0});
        attr(br, "fill", std::string("0"));
        attr(br, "dv:generated", std::string("1"));
      }
      attrSigned(br, "dv:first_lba", f.firstLba);
      attr(br, "dv:sectors", f.sectors);
    }
    if (const TrackContentDigest* c = contentOf(cd, t.number)) {
      pugi::xml_node br = runs.append_child("byte_run");
      attr(br, "type", std::string("dv:track_content"));
      attr(br, "len", c->bytes);
      attr(br, "dv:content_sector_size", c->contentSize);
      attr(br, "dv:complete", std::string(c->complete ? "1" : "0"));
      for (const auto& dg : c->digests) hashdigest(br, dg);
    }
    p.append_child("partition_index").text().set(std::to_string(t.number).c_str());
    p.append_child("ptype_str").text().set(std::string(trackModeName(t.mode)).c_str());
  }
}

void writeCdJson(JsonWriter& j, const CdAnalysis& cd) {
  const Disc& disc = cd.disc;
  j.beginObject("cd");
  j.value("format", disc.format);
  j.value("descriptor", disc.descriptorPath);
  j.value("partition_system", disc.tracks.size() == 1 && disc.sessions.size() <= 1 ? "single-track" : "cd");
  j.value("catalog", disc.catalog);
  j.value("cd_text", disc.hasCdText);
  j.value("scrambled", disc.scrambled);
  j.value("detected_stride", uint64_t{disc.detectedStride});
  if (disc.cdTextPackFacts || !disc.cdText.empty()) {
    j.beginObject("cd_text_info");
    j.value("title", disc.cdText.title);
    j.value("performer", disc.cdText.performer);
    if (const auto& f = disc.cdTextPackFacts) {
      j.value("source", f->source);
      j.value("file", f->file);
      j.value("packs", f->packs);
      j.value("crc_failures", f->crcFailures);
      j.value("crc_not_recorded", f->crcNotRecorded);
      j.value("blocks", uint64_t{f->blocks});
      j.value("character_code", f->characterCode);
      j.beginArray("crc_failure_packs");
      for (uint32_t p : f->crcFailurePacks) {
        j.beginObject();
        j.value("pack", uint64_t{p});
        j.endObject();
      }
      j.endArray();
    }
    j.beginArray("language_blocks");
    for (const CdTextBlock& b : disc.cdTextBlocks) {
      j.beginObject();
      j.value("block", uint64_t{b.block});
      j.value("language_code", uint64_t{b.languageCode});
      j.value("language", b.language);
      j.value("character_code", b.characterCode);
      j.value("double_byte", b.doubleByte);
      j.beginArray("entries");
      eachCdTextEntry(b, [&](uint32_t track, const CdText& t) {
        j.beginObject();
        j.value("track", uint64_t{track});
        for (const auto& [key, value] : cdTextFields(t)) j.value(key, *value);
        j.endObject();
      });
      j.endArray();
      j.endObject();
    }
    j.endArray();
    j.endObject();
  }
  j.beginArray("files");
  for (size_t i = 0; i < disc.files.size(); ++i) {
    const DataFile& f = disc.files[i];
    j.beginObject();
    j.value("name", f.name);
    j.value("role", f.role);
    j.value("found", f.found);
    j.value("path", f.path);
    j.value("size", f.size);
    j.value("needed", f.needed);
    j.beginArray("digests");
    if (i < cd.files.size())
      for (const auto& dg : cd.files[i].digests) {
        j.beginObject();
        j.value("algorithm", hashing::algorithmName(dg.algorithm));
        j.value("hex", dg.hex());
        j.endObject();
      }
    j.endArray();
    j.endObject();
  }
  j.endArray();
  j.beginArray("sessions");
  for (const Session& s : disc.sessions) {
    j.beginObject();
    j.value("number", uint64_t{s.number});
    j.value("first_track", uint64_t{s.firstTrack});
    j.value("last_track", uint64_t{s.lastTrack});
    j.endObject();
  }
  j.endArray();
  j.beginArray("tracks");
  for (const Track& t : disc.tracks) {
    j.beginObject();
    j.value("number", uint64_t{t.number});
    j.value("session", uint64_t{t.session});
    j.value("mode", trackModeName(t.mode));
    j.value("declared_mode", t.modeText);
    j.value("start_lba", static_cast<int>(t.startLba));
    j.value("sectors", t.sectors);
    j.value("sector_size", uint64_t{t.sectorSize});
    j.value("pregap", uint64_t{t.pregap});
    j.value("pregap_stored", uint64_t{t.pregapStored});
    j.value("postgap", uint64_t{t.postgap});
    j.value("isrc", t.isrc);
    j.value("flags", flagsText(t.flags));
    if (!t.cdText.title.empty() || !t.cdText.performer.empty()) {
      j.beginObject("cd_text");
      j.value("title", t.cdText.title);
      j.value("performer", t.cdText.performer);
      j.endObject();
    }
    if (const TrackContentDigest* c = contentOf(cd, t.number)) {
      j.beginObject("content");
      j.value("bytes", c->bytes);
      j.value("sector_size", uint64_t{c->contentSize});
      j.value("complete", c->complete);
      j.beginArray("digests");
      for (const auto& dg : c->digests) {
        j.beginObject();
        j.value("algorithm", hashing::algorithmName(dg.algorithm));
        j.value("hex", dg.hex());
        j.endObject();
      }
      j.endArray();
      j.endObject();
    }
    if (const auto sub = cd.subchannelOf(t.number)) subchannelJson(j, *sub);
    j.endObject();
  }
  j.endArray();
  j.endObject();
}

} // namespace dv::report
