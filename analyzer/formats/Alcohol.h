// Alcohol: the Alcohol 120% .mds descriptor with its .mdf data file (cd-layouts.md §3.5).
// All integers little-endian.
#pragma once

#include <string>

#include "analyzer/cd/Disc.h"
#include "analyzer/formats/FileResolver.h"
#include "core/ByteView.h"

namespace dv::analyzer::formats {

/// Whether `head` starts with the MDS signature "MEDIA DESCRIPTOR".
bool hasMdsSignature(ByteView head);

/// Parses a whole .mds file. Never fails: problems are SheetIssues (MDS-001, MDS-002). Thread-safe.
cd::Disc parseAlcohol(ByteView mds, const std::string& path, const FileResolver& files);

} // namespace dv::analyzer::formats
