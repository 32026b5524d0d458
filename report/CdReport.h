// CdReport: the CD sections of the reports (one partition system per CD input, one partition per
// track with its content digests). Internal to report/.
#pragma once

#include "analyzer/cd/CdAnalysis.h"
#include "report/Json.h"

namespace pugi {
class xml_node;
}

namespace dv::report {

/// Appends a DFXML partitionsystemobject (pstype_str "cd" or "single-track") to a diskimageobject.
void writeCdDfxml(pugi::xml_node diskImage, const analyzer::cd::CdAnalysis& cd);
/// Writes the "cd" key of an input object: descriptor, files with digests, sessions and tracks.
void writeCdJson(JsonWriter& j, const analyzer::cd::CdAnalysis& cd);

} // namespace dv::report
