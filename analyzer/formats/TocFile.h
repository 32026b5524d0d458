// TocFile: the cdrdao TOC file (cd-layouts.md §3.2) read into the disc model.
#pragma once

#include <string>
#include <string_view>

#include "analyzer/cd/Disc.h"
#include "analyzer/formats/FileResolver.h"

namespace dv::analyzer::formats {

/// Parses a cdrdao TOC file (one session). Never fails: problems are SheetIssues with line numbers
/// (rules TOC-001, TOC-002). Thread-safe.
cd::Disc parseTocFile(std::string_view text, const std::string& path, const FileResolver& files);

/// Whether `text` looks like a TOC file (a TRACK statement and no CUE FILE ... BINARY line).
bool looksLikeTocFile(std::string_view text);

} // namespace dv::analyzer::formats
