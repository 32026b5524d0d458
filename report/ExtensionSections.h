// ExtensionSections: the report sections for El Torito boot images, partition tables, UDF and the
// embedded checksums, in each format. Internal to report/ (pugixml appears here only).
#pragma once

#include <ostream>

#include <pugixml.hpp>

#include "analyzer/ImageAnalysis.h"
#include "report/Json.h"
#include "report/Listing.h"

namespace dv::report {

/// Appends dv:boot_image, dv:partition, dv:udf and dv:embedded_checksum elements; nothing when
/// the image has none of them.
void writeExtensionsDfxml(pugi::xml_node diskImage, const analyzer::ImageAnalysis& a);
/// Appends the Rock Ridge attributes of file `file` (mode, nlink, uid, gid, times, link_target) in
/// DFXML's fileobject order; call after filesize and before byte_runs.
void writeFileAttributesDfxml(pugi::xml_node fileobject, const analyzer::ImageAnalysis& a, size_t file);
/// Appends the file's other names as dv:name elements with a view attribute; call last.
void writeFileNamesDfxml(pugi::xml_node fileobject, const analyzer::ImageAnalysis& a, size_t file);
/// Writes "el_torito", "partitions", "udf" and "embedded_checksums" members into the open input object.
void writeExtensionsJson(JsonWriter& j, const analyzer::ImageAnalysis& a);
/// Appends dv:disc_application elements (DVD-Video title sets, BDMV files); nothing without one.
void writeDiscApplicationDfxml(pugi::xml_node diskImage, const analyzer::ImageAnalysis& a);
/// Writes the "disc_application" member (absent without one).
void writeDiscApplicationJson(JsonWriter& j, const analyzer::ImageAnalysis& a);
/// Writes the "Disc application" HTML sections.
void writeDiscApplicationHtml(std::ostream& o, const analyzer::ImageAnalysis& a);
/// Writes the "Boot and partitions" and "Embedded checksums" HTML sections.
void writeExtensionsHtml(std::ostream& o, const analyzer::ImageAnalysis& a);

} // namespace dv::report
