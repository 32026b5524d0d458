// ExtensionSections: boot images, partitions, UDF and embedded checksums in DFXML, JSON and HTML.
#include "report/ExtensionSections.h"
#include "report/Writers.h"

#include <fmt/format.h>

#include "core/Text.h"

namespace dv::report {
namespace {

using analyzer::BootEntry;
using analyzer::ImageAnalysis;

/// One partition of any scheme, as the report lists it.
struct PartitionRow {
  std::string scheme;
  unsigned index = 0;
  std::string type;
  std::string name;
  ByteRange range;
};

std::vector<PartitionRow> partitionRows(const ImageAnalysis& a) {
  std::vector<PartitionRow> rows;
  const auto& sa = a.systemArea;
  if (sa.mbr)
    for (const auto& p : sa.mbr->partitions)
      rows.push_back({"mbr", p.index, fmt::format("0x{:02x}", p.type), p.status == 0x80 ? "active" : "", p.bytes()});
  if (sa.gpt)
    for (const auto& p : sa.gpt->partitions)
      rows.push_back({"gpt", p.index, p.typeName.empty() ? p.typeGuid : p.typeName + " " + p.typeGuid, p.name, p.bytes()});
  if (sa.apm)
    for (const auto& e : sa.apm->entries) rows.push_back({"apm", e.index, e.type, e.name, sa.apm->bytes(e)});
  return rows;
}

std::string entryLabel(const BootEntry& e) {
  return e.kind == analyzer::BootEntryKind::Initial ? std::string("initial") : fmt::format("section {} entry {}", e.section, e.index + 1);
}


void attr(pugi::xml_node n, const char* name, const std::string& value) { n.append_attribute(name).set_value(utf8Safe(value).c_str()); }
void attr(pugi::xml_node n, const char* name, uint64_t value) { n.append_attribute(name).set_value(std::to_string(value).c_str()); }

} // namespace

std::string bestFileName(const ImageAnalysis& a, size_t file) {
  if (file < a.rockRidge.filePaths.size() && !a.rockRidge.filePaths[file].empty()) return a.rockRidge.filePaths[file];
  for (const auto& j : a.joliet)
    if (file < j.pathOfPrimaryFile.size() && !j.pathOfPrimaryFile[file].empty()) return j.pathOfPrimaryFile[file];
  return file < a.iso.tree.files.size() ? a.iso.tree.files[file].path : std::string();
}

void writeFileAttributesDfxml(pugi::xml_node fo, const ImageAnalysis& a, size_t file) {
  if (file >= a.iso.tree.files.size() || a.iso.tree.files[file].sections.empty()) return;
  const analyzer::SystemUseFacts* f = a.rockRidge.facts(a.iso.tree.files[file].sections.front());
  if (!f) return;
  auto text = [&](const char* name, const std::string& value) { fo.append_child(name).text().set(utf8Safe(value).c_str()); };
  if (f->zf) text("compressed", "1");
  if (f->px) {
    text("mode", std::to_string(f->px->mode.value()));
    text("nlink", std::to_string(f->px->links.value()));
    text("uid", std::to_string(f->px->uid.value()));
    text("gid", std::to_string(f->px->gid.value()));
  }
  // DFXML order: mtime, ctime, atime, crtime, then bkup_time.
  for (const auto& [kind, element] : {std::pair{"modification", "mtime"}, std::pair{"attributes", "ctime"},
                                      std::pair{"access", "atime"}, std::pair{"creation", "crtime"},
                                      std::pair{"backup", "bkup_time"}})
    for (const auto& t : f->timestamps)
      if (t.kind == kind) {
        if (auto iso = t.isoText()) text(element, *iso);
        break;
      }
  if (f->symlinkTarget) text("link_target", *f->symlinkTarget);
}

void writeFileNamesDfxml(pugi::xml_node fo, const ImageAnalysis& a, size_t file) {
  if (file >= a.iso.tree.files.size()) return;
  const std::string best = bestFileName(a, file);
  auto name = [&](const char* view, const std::string& value) {
    if (value.empty() || value == best) return;
    pugi::xml_node n = fo.append_child("dv:name");
    attr(n, "view", view);
    n.text().set(utf8Safe(value).c_str());
  };
  name("iso9660", a.iso.tree.files[file].path);
  for (const auto& j : a.joliet)
    if (file < j.pathOfPrimaryFile.size()) name("joliet", j.pathOfPrimaryFile[file]);
  if (file < a.rockRidge.filePaths.size()) name("rockridge", a.rockRidge.filePaths[file]);
}

void writeExtensionsDfxml(pugi::xml_node dio, const ImageAnalysis& a) {
  const auto& et = a.elTorito;
  if (et.present()) {
    pugi::xml_node n = dio.append_child("dv:el_torito");
    attr(n, "catalog_lba", et.catalogLba);
    attr(n, "platform", analyzer::platformName(et.validation.platformId));
    for (const BootEntry& e : et.entries) {
      pugi::xml_node b = n.append_child("dv:boot_image");
      attr(b, "entry", entryLabel(e));
      attr(b, "platform", analyzer::platformName(e.platformId));
      attr(b, "emulation", analyzer::emulationName(e.emulation()));
      attr(b, "bootable", e.bootIndicator == 0x88 ? uint64_t{1} : uint64_t{0});
      attr(b, "load_rba", e.loadRba);
      attr(b, "load_segment", e.loadSegment);
      attr(b, "sector_count", e.sectorCount);
      attr(b, "img_offset", e.image.offset);
      attr(b, "len", e.image.length);
      attr(b, "size_from", e.imageBasis);
      if (e.bootInfoTable) {
        pugi::xml_node t = b.append_child("dv:boot_info_table");
        attr(t, "pvd_lba", e.bootInfoTable->pvdLba);
        attr(t, "boot_lba", e.bootInfoTable->bootLba);
        attr(t, "len", e.bootInfoTable->lengthBytes);
        attr(t, "checksum", "0x" + hex(e.bootInfoTable->checksum));
        if (e.bootInfoTable->checksumComputed) attr(t, "computed", "0x" + hex(e.bootInfoTable->computedChecksum));
      }
      for (const hashing::Digest& d : e.digests) {
        pugi::xml_node h = b.append_child("dv:digest");
        attr(h, "type", std::string(hashing::algorithmName(d.algorithm)));
        h.text().set(d.hex().c_str());
      }
    }
  }
  for (const PartitionRow& p : partitionRows(a)) {
    pugi::xml_node n = dio.append_child("dv:partition");
    attr(n, "scheme", p.scheme);
    attr(n, "index", p.index);
    attr(n, "type", p.type);
    if (!p.name.empty()) attr(n, "name", p.name);
    attr(n, "img_offset", p.range.offset);
    attr(n, "len", p.range.length);
  }
  for (const analyzer::JolietVolume& j : a.joliet) {
    pugi::xml_node n = dio.append_child("dv:joliet");
    attr(n, "descriptor_lba", j.descriptorSector);
    attr(n, "level", static_cast<uint64_t>(j.level));
    attr(n, "files", j.tree.files.size());
    attr(n, "directories", j.tree.directories.size());
  }
  if (a.rockRidge.present()) {
    pugi::xml_node n = dio.append_child("dv:rock_ridge");
    attr(n, "version", a.rockRidge.version);
    attr(n, "records", a.rockRidge.records.size());
    attr(n, "zisofs_files", a.rockRidge.zisofs.size());
    if (!a.rockRidge.zisofs.empty()) {
      uint64_t checked = 0, bad = 0;
      for (const auto& z : a.rockRidge.zisofs) {
        checked += z.blocksChecked;
        bad += z.badBlocks;
      }
      attr(n, "zisofs_blocks_checked", checked);
      attr(n, "zisofs_bad_blocks", bad);
    }
  }
  if (a.udf.hasUdf()) {
    pugi::xml_node n = dio.append_child("dv:udf");
    attr(n, "nsr", a.udf.nsrVersion);
    attr(n, "bridge", a.udf.iso9660 ? uint64_t{1} : uint64_t{0});
    if (a.udf.udfRevision) attr(n, "revision", a.udf.revisionText());
    attr(n, "anchors", a.udf.anchors.size());
  }
  for (const analyzer::EmbeddedChecksum& c : a.embeddedChecksums) {
    pugi::xml_node n = dio.append_child("dv:embedded_checksum");
    attr(n, "kind", c.kind);
    attr(n, "lba", c.lba);
    attr(n, "img_offset", c.covered.offset);
    attr(n, "len", c.covered.length);
    attr(n, "type", "md5");
    attr(n, "expected", c.expected);
    if (!c.computed.empty()) attr(n, "computed", c.computed);
    attr(n, "status", std::string(analyzer::embeddedStatusName(c.status)));
    if (!c.path.empty()) attr(n, "path", c.path);
    if (!c.detail.empty()) n.text().set(utf8Safe(c.detail).c_str());
  }
  writeDiscApplicationDfxml(dio, a);
}

void writeExtensionsJson(JsonWriter& j, const ImageAnalysis& a) {
  const auto& et = a.elTorito;
  if (et.present()) {
    j.beginObject("el_torito");
    j.value("catalog_lba", et.catalogLba);
    j.value("platform", analyzer::platformName(et.validation.platformId));
    j.beginArray("boot_images");
    for (const BootEntry& e : et.entries) {
      j.beginObject();
      j.value("entry", entryLabel(e));
      j.value("platform", analyzer::platformName(e.platformId));
      j.value("emulation", analyzer::emulationName(e.emulation()));
      j.value("bootable", e.bootIndicator == 0x88);
      j.value("load_rba", uint64_t{e.loadRba});
      j.value("load_segment", uint64_t{e.loadSegment});
      j.value("sector_count", uint64_t{e.sectorCount});
      j.value("offset", e.image.offset);
      j.value("length", e.image.length);
      j.value("size_from", e.imageBasis);
      if (e.bootInfoTable) {
        j.beginObject("boot_info_table");
        j.value("pvd_lba", uint64_t{e.bootInfoTable->pvdLba});
        j.value("boot_lba", uint64_t{e.bootInfoTable->bootLba});
        j.value("length", uint64_t{e.bootInfoTable->lengthBytes});
        j.value("checksum", uint64_t{e.bootInfoTable->checksum});
        if (e.bootInfoTable->checksumComputed) j.value("computed", uint64_t{e.bootInfoTable->computedChecksum});
        j.endObject();
      }
      j.beginArray("digests");
      for (const hashing::Digest& d : e.digests) {
        j.beginObject();
        j.value("algorithm", hashing::algorithmName(d.algorithm));
        j.value("length", e.image.length);
        j.value("hex", d.hex());
        j.endObject();
      }
      j.endArray();
      j.endObject();
    }
    j.endArray();
    j.endObject();
  }
  const auto rows = partitionRows(a);
  if (!rows.empty()) {
    j.beginArray("partitions");
    for (const PartitionRow& p : rows) {
      j.beginObject();
      j.value("scheme", p.scheme);
      j.value("index", uint64_t{p.index});
      j.value("type", p.type);
      if (!p.name.empty()) j.value("name", p.name);
      j.value("offset", p.range.offset);
      j.value("length", p.range.length);
      j.endObject();
    }
    j.endArray();
  }
  if (!a.joliet.empty()) {
    j.beginArray("joliet");
    for (const analyzer::JolietVolume& v : a.joliet) {
      j.beginObject();
      j.value("descriptor_lba", v.descriptorSector);
      j.value("level", uint64_t(v.level));
      j.value("files", uint64_t{v.tree.files.size()});
      j.value("directories", uint64_t{v.tree.directories.size()});
      j.endObject();
    }
    j.endArray();
  }
  if (a.rockRidge.present()) {
    j.beginObject("rock_ridge");
    j.value("version", a.rockRidge.version);
    j.value("records", uint64_t{a.rockRidge.records.size()});
    j.value("zisofs_files", uint64_t{a.rockRidge.zisofs.size()});
    if (!a.rockRidge.zisofs.empty()) {
      uint64_t checked = 0, bad = 0;
      for (const auto& z : a.rockRidge.zisofs) {
        checked += z.blocksChecked;
        bad += z.badBlocks;
      }
      j.value("zisofs_blocks_checked", checked);
      j.value("zisofs_bad_blocks", bad);
    }
    j.endObject();
  }
  if (a.udf.hasUdf()) {
    j.beginObject("udf");
    j.value("nsr", uint64_t{a.udf.nsrVersion});
    j.value("bridge", a.udf.iso9660);
    if (a.udf.udfRevision) j.value("revision", a.udf.revisionText());
    j.value("anchors", uint64_t{a.udf.anchors.size()});
    j.endObject();
  }
  if (!a.embeddedChecksums.empty()) {
    j.beginArray("embedded_checksums");
    for (const analyzer::EmbeddedChecksum& c : a.embeddedChecksums) {
      j.beginObject();
      j.value("kind", c.kind);
      j.value("lba", c.lba);
      j.value("offset", c.covered.offset);
      j.value("length", c.covered.length);
      j.value("algorithm", "md5");
      j.value("expected", c.expected);
      if (!c.computed.empty()) j.value("computed", c.computed);
      j.value("status", analyzer::embeddedStatusName(c.status));
      if (!c.path.empty()) j.value("path", c.path);
      if (!c.detail.empty()) j.value("detail", c.detail);
      j.endObject();
    }
    j.endArray();
  }
  writeDiscApplicationJson(j, a);
}

void writeExtensionsHtml(std::ostream& o, const ImageAnalysis& a) {
  const auto& et = a.elTorito;
  if (et.present()) {
    o << "<h2>El Torito boot images</h2><table><tr><th>Entry</th><th>Platform</th><th>Emulation</th><th>Load RBA</th>"
         "<th>Range</th><th>Digests</th></tr>\n";
    for (const BootEntry& e : et.entries) {
      std::string digests;
      for (const auto& d : e.digests) digests += std::string(hashing::bsdLabel(d.algorithm)) + " " + d.hex() + "<br>";
      o << "<tr><td>" << htmlEscape(entryLabel(e)) << (e.bootIndicator == 0x88 ? " (bootable)" : "") << "</td><td>"
        << htmlEscape(analyzer::platformName(e.platformId)) << "</td><td>" << htmlEscape(analyzer::emulationName(e.emulation())) << "</td><td>"
        << e.loadRba << "</td><td class=\"mono\">0x" << hex(e.image.offset) << " +" << e.image.length << " ("
        << htmlEscape(e.imageBasis) << ")</td><td class=\"mono\">" << digests << "</td></tr>\n";
    }
    o << "</table>\n";
  }
  const auto rows = partitionRows(a);
  if (!rows.empty()) {
    o << "<h2>Partitions</h2><table><tr><th>Scheme</th><th>#</th><th>Type</th><th>Name</th><th>Range</th></tr>\n";
    for (const PartitionRow& p : rows)
      o << "<tr><td>" << htmlEscape(p.scheme) << "</td><td>" << p.index << "</td><td class=\"mono\">" << htmlEscape(p.type) << "</td><td>"
        << htmlEscape(p.name) << "</td><td class=\"mono\">0x" << hex(p.range.offset) << " +" << p.range.length << "</td></tr>\n";
    o << "</table>\n";
  }
  if (!a.joliet.empty() || a.rockRidge.present()) {
    o << "<h2>Extensions</h2><ul>";
    for (const analyzer::JolietVolume& v : a.joliet)
      o << "<li>Joliet level " << v.level << " (descriptor at LBA " << v.descriptorSector << "): " << v.tree.files.size()
        << " files</li>";
    if (a.rockRidge.present()) o << "<li>Rock Ridge " << htmlEscape(a.rockRidge.version) << "</li>";
    o << "</ul>\n";
  }
  if (a.udf.hasUdf())
    o << "<h2>UDF</h2><p>" << (a.udf.iso9660 ? "UDF bridge (ISO 9660 + UDF)" : "Pure UDF") << ", NSR0" << a.udf.nsrVersion
      << (a.udf.udfRevision ? ", UDF " + a.udf.revisionText() : std::string()) << "</p>\n";
  if (!a.embeddedChecksums.empty()) {
    o << "<h2>Embedded checksums</h2><table><tr><th>Kind</th><th>Range</th><th>Expected</th><th>Computed</th><th>Result</th></tr>\n";
    for (const analyzer::EmbeddedChecksum& c : a.embeddedChecksums) {
      const bool ok = c.status == analyzer::EmbeddedStatus::Match;
      o << "<tr><td>" << htmlEscape(c.kind) << "</td><td class=\"mono\">0x" << hex(c.covered.offset) << " +" << c.covered.length
        << "</td><td class=\"mono\">" << htmlEscape(c.expected) << "</td><td class=\"mono\">" << htmlEscape(c.computed) << "</td><td class=\""
        << (ok ? "sev-info" : "sev-error") << "\">" << analyzer::embeddedStatusName(c.status)
        << (c.detail.empty() ? "" : ": " + htmlEscape(c.detail)) << "</td></tr>\n";
    }
    o << "</table>\n";
  }
  writeDiscApplicationHtml(o, a);
}

} // namespace dv::report
