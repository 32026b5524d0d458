// DiscAppSection: the "disc application" section (DVD-Video title sets, BDMV files) in DFXML, JSON
// and HTML.
#include <fmt/format.h>

#include "core/Text.h"
#include "report/ExtensionSections.h"
#include "report/Writers.h"

namespace dv::report {
namespace {

using analyzer::AppFile;
using analyzer::DvdTitleSet;
using analyzer::ImageAnalysis;

void attr(pugi::xml_node n, const char* name, const std::string& value) { n.append_attribute(name).set_value(utf8Safe(value).c_str()); }
void attr(pugi::xml_node n, const char* name, uint64_t value) { n.append_attribute(name).set_value(std::to_string(value).c_str()); }


std::string version(uint8_t v) { return fmt::format("{}.{}", v >> 4, v & 0x0F); }

template <typename F> void forEachSet(const ImageAnalysis& a, F f) {
  f(a.discApplication.dvd.manager);
  for (const DvdTitleSet& ts : a.discApplication.dvd.titleSets) f(ts);
}

void fileXml(pugi::xml_node n, const AppFile& f) {
  attr(n, "path", f.path);
  attr(n, "lba", f.lba);
  attr(n, "len", f.size);
}

void fileJson(JsonWriter& j, const AppFile& f) {
  j.value("path", f.path);
  j.value("lba", f.lba);
  j.value("length", f.size);
}

} // namespace

void writeDiscApplicationDfxml(pugi::xml_node dio, const ImageAnalysis& a) {
  const auto& app = a.discApplication;
  if (app.dvd.present) {
    pugi::xml_node d = dio.append_child("dv:disc_application");
    attr(d, "kind", "dvd-video");
    if (app.dvd.udfFiles) attr(d, "udf_files", app.dvd.udfFiles->size());
    forEachSet(a, [&](const DvdTitleSet& ts) {
      pugi::xml_node s = d.append_child("dv:title_set");
      attr(s, "number", ts.number);
      if (ts.ifo) {
        pugi::xml_node i = s.append_child("dv:ifo");
        fileXml(i, *ts.ifo);
        if (ts.header.readable) {
          attr(i, "identifier", ts.header.identifier);
          attr(i, "version", version(ts.header.specificationVersion));
          if (ts.number == 0) attr(i, "title_sets", ts.header.numberOfTitleSets);
        }
      }
      if (ts.bup) {
        pugi::xml_node b = s.append_child("dv:bup");
        fileXml(b, *ts.bup);
        attr(b, "comparison", std::string(analyzer::comparisonName(ts.bupComparison)));
      }
      for (const auto& v : ts.vobs) {
        pugi::xml_node n = s.append_child("dv:vob");
        fileXml(n, v.file);
        attr(n, "sectors_checked", v.sectorsChecked);
        attr(n, "without_pack_start", v.sectorsWithoutPackStart);
        attr(n, "css_sectors", v.cssScrambledSectors);
      }
    });
    for (const auto& t : app.dvd.titles) {
      pugi::xml_node n = d.append_child("dv:title");
      attr(n, "number", t.number);
      attr(n, "title_set", t.titleSetNumber);
      attr(n, "chapters", t.numberOfChapters);
      attr(n, "start_sector", t.titleSetStartSector);
    }
  }
  if (app.bd.present) {
    pugi::xml_node d = dio.append_child("dv:disc_application");
    attr(d, "kind", "bdmv");
    auto header = [&](const analyzer::BdmvHeader& h) {
      pugi::xml_node n = d.append_child("dv:bdmv_file");
      fileXml(n, h.file);
      if (h.readable) {
        attr(n, "type", h.typeIndicator);
        attr(n, "version", h.version);
      }
    };
    if (app.bd.index) header(*app.bd.index);
    if (app.bd.movieObject) header(*app.bd.movieObject);
    for (const auto& h : app.bd.playlists) header(h);
    for (const auto& h : app.bd.clipInfos) header(h);
    for (const auto& s : app.bd.streams) {
      pugi::xml_node n = d.append_child("dv:stream");
      fileXml(n, s.file);
      attr(n, "units_checked", s.unitsChecked);
      attr(n, "units_without_sync", s.unitsWithoutSync);
    }
    for (const auto& b : app.bd.backups) {
      pugi::xml_node n = d.append_child("dv:backup");
      attr(n, "original", b.original);
      attr(n, "path", b.backup);
      attr(n, "comparison", b.backupPresent ? std::string(analyzer::comparisonName(b.comparison)) : std::string("missing"));
    }
  }
}

void writeDiscApplicationJson(JsonWriter& j, const ImageAnalysis& a) {
  const auto& app = a.discApplication;
  if (!app.present()) return;
  j.beginObject("disc_application");
  if (app.dvd.present) {
    j.beginObject("dvd_video");
    if (app.dvd.udfFiles) j.value("udf_files", uint64_t{app.dvd.udfFiles->size()});
    j.beginArray("title_sets");
    forEachSet(a, [&](const DvdTitleSet& ts) {
      j.beginObject();
      j.value("number", uint64_t{ts.number});
      if (ts.ifo) {
        j.beginObject("ifo");
        fileJson(j, *ts.ifo);
        if (ts.header.readable) {
          j.value("identifier", ts.header.identifier);
          j.value("version", version(ts.header.specificationVersion));
          if (ts.number == 0) j.value("title_sets", uint64_t{ts.header.numberOfTitleSets});
        }
        j.endObject();
      }
      if (ts.bup) {
        j.beginObject("bup");
        fileJson(j, *ts.bup);
        j.value("comparison", analyzer::comparisonName(ts.bupComparison));
        j.endObject();
      }
      j.beginArray("vobs");
      for (const auto& v : ts.vobs) {
        j.beginObject();
        fileJson(j, v.file);
        j.value("sectors_checked", v.sectorsChecked);
        j.value("without_pack_start", v.sectorsWithoutPackStart);
        j.value("css_sectors", v.cssScrambledSectors);
        j.endObject();
      }
      j.endArray();
      j.endObject();
    });
    j.endArray();
    j.beginArray("titles");
    for (const auto& t : app.dvd.titles) {
      j.beginObject();
      j.value("number", uint64_t{t.number});
      j.value("title_set", uint64_t{t.titleSetNumber});
      j.value("chapters", uint64_t{t.numberOfChapters});
      j.value("start_sector", uint64_t{t.titleSetStartSector});
      j.endObject();
    }
    j.endArray();
    j.endObject();
  }
  if (app.bd.present) {
    j.beginObject("bdmv");
    j.beginArray("files");
    auto header = [&](const analyzer::BdmvHeader& h) {
      j.beginObject();
      fileJson(j, h.file);
      if (h.readable) {
        j.value("type", h.typeIndicator);
        j.value("version", h.version);
      }
      j.endObject();
    };
    if (app.bd.index) header(*app.bd.index);
    if (app.bd.movieObject) header(*app.bd.movieObject);
    for (const auto& h : app.bd.playlists) header(h);
    for (const auto& h : app.bd.clipInfos) header(h);
    j.endArray();
    j.beginArray("streams");
    for (const auto& s : app.bd.streams) {
      j.beginObject();
      fileJson(j, s.file);
      j.value("units_checked", s.unitsChecked);
      j.value("units_without_sync", s.unitsWithoutSync);
      j.endObject();
    }
    j.endArray();
    j.beginArray("backups");
    for (const auto& b : app.bd.backups) {
      j.beginObject();
      j.value("original", b.original);
      j.value("path", b.backup);
      j.value("comparison", b.backupPresent ? analyzer::comparisonName(b.comparison) : std::string_view("missing"));
      j.endObject();
    }
    j.endArray();
    j.endObject();
  }
  j.endObject();
}

void writeDiscApplicationHtml(std::ostream& o, const ImageAnalysis& a) {
  const auto& app = a.discApplication;
  if (app.dvd.present) {
    o << "<h2>Disc application: DVD-Video</h2><table><tr><th>Set</th><th>File</th><th>LBA</th><th>Bytes</th><th>Facts</th></tr>\n";
    forEachSet(a, [&](const DvdTitleSet& ts) {
      const std::string set = ts.number == 0 ? std::string("VMG") : fmt::format("VTS {:02}", ts.number);
      auto row = [&](const AppFile& f, const std::string& facts) {
        o << "<tr><td>" << set << "</td><td class=\"mono\">" << htmlEscape(f.path) << "</td><td>" << f.lba << "</td><td>" << f.size
          << "</td><td>" << htmlEscape(facts) << "</td></tr>\n";
      };
      if (ts.ifo)
        row(*ts.ifo, ts.header.readable ? ts.header.identifier + ", version " + version(ts.header.specificationVersion) : "header unreadable");
      for (const auto& v : ts.vobs)
        row(v.file, fmt::format("{} sectors checked, {} without pack header, {} CSS-flagged", v.sectorsChecked,
                                v.sectorsWithoutPackStart, v.cssScrambledSectors));
      if (ts.bup) row(*ts.bup, std::string("backup: ") + std::string(analyzer::comparisonName(ts.bupComparison)));
    });
    o << "</table>\n";
  }
  if (app.bd.present) {
    o << "<h2>Disc application: Blu-ray (BDMV)</h2><table><tr><th>File</th><th>LBA</th><th>Bytes</th><th>Facts</th></tr>\n";
    auto row = [&](const AppFile& f, const std::string& facts) {
      o << "<tr><td class=\"mono\">" << htmlEscape(f.path) << "</td><td>" << f.lba << "</td><td>" << f.size << "</td><td>" << htmlEscape(facts)
        << "</td></tr>\n";
    };
    auto header = [&](const analyzer::BdmvHeader& h) { row(h.file, h.readable ? h.typeIndicator + " " + h.version : "header unreadable"); };
    if (app.bd.index) header(*app.bd.index);
    if (app.bd.movieObject) header(*app.bd.movieObject);
    for (const auto& h : app.bd.playlists) header(h);
    for (const auto& h : app.bd.clipInfos) header(h);
    for (const auto& s : app.bd.streams)
      row(s.file, fmt::format("{} aligned units checked, {} without sync bytes", s.unitsChecked, s.unitsWithoutSync));
    o << "</table>\n";
  }
}

} // namespace dv::report
