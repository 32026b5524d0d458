// CloneCd: the CloneCD .ccd descriptor with its .img and .sub (cd-layouts.md §3.3).
#pragma once

#include <string>
#include <string_view>

#include "analyzer/cd/Disc.h"
#include "analyzer/formats/FileResolver.h"

namespace dv::analyzer::formats {

/// Parses a .ccd file; the image is `<stem>.img` (and `<stem>.sub`) beside it. Never fails: problems
/// are SheetIssues (CCD-001, CCD-002). Thread-safe.
cd::Disc parseCloneCd(std::string_view text, const std::string& path, const FileResolver& files);

} // namespace dv::analyzer::formats
