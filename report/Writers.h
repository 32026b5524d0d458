// Report writers: DFXML, JSON and HTML from the one Report model, and the atomic file write.
#pragma once

#include <string>
#include <string_view>

#include "core/Result.h"
#include "report/Report.h"

namespace dv::report {

/// The DFXML namespace and ours.
inline constexpr const char* kDfxmlNamespace = "http://www.forensicswiki.org/wiki/Category:Digital_Forensics_XML";
inline constexpr const char* kDvNamespace = "urn:discverify:1";
inline constexpr const char* kDfxmlVersion = "2.0.0-beta.0";

/// The report as DFXML 2.0.0-beta.0 with discverify elements in urn:discverify:1 (prefix dv).
std::string toDfxml(const Report& report);
/// The report as JSON (UTF-8, two-space indent, keys in a fixed order).
std::string toJson(const Report& report);
/// The report as one self-contained HTML page.
std::string toHtml(const Report& report);

/// Text for HTML: made valid UTF-8, with & < > " written as entities.
std::string htmlEscape(std::string_view raw);

/// Writes `content` to `path` through a temporary file in the same directory and a rename, so a
/// reader never sees a partial report; "-" writes to standard output. Fails with Io naming the cause.
Error writeReportFile(const std::string& path, const std::string& content);

} // namespace dv::report
