// CueSheet: the CDRWin CUE sheet (cd-layouts.md §3.1) read into the disc model.
#pragma once

#include <string>
#include <string_view>

#include "analyzer/cd/Disc.h"
#include "analyzer/formats/FileResolver.h"

namespace dv::analyzer::formats {

/// Parses a CUE sheet. Never fails: every problem is a SheetIssue with its line number (rules
/// CUE-001..004), and the tracks that could be read are in the model. Data files are looked up
/// with `files` for their sizes (a track ending at the end of its FILE needs it). Thread-safe.
cd::Disc parseCueSheet(std::string_view text, const std::string& path, const FileResolver& files);

/// Whether `text` looks like a CUE sheet (a FILE or TRACK command near the start).
bool looksLikeCueSheet(std::string_view text);

} // namespace dv::analyzer::formats
