// Verify: compares one read pass of an image with the digests of a reference.
#pragma once

#include "analyzer/ImageAnalysis.h"
#include "analyzer/sources/ByteSource.h"
#include "report/Reference.h"
#include "report/Report.h"

namespace dv::report {

/// The number of digests of `ref` that can be compared with an image.
size_t comparableDigests(const Reference& ref);

/// `base` with the algorithms of the digests `ref` holds added to each scope (whole image and CD data
/// files, pieces, files, CD track content), so the one pass computes them.
/// Pieces are taken over only when they have one size and start at multiples of it.
analyzer::AnalyzeOptions analyzeOptionsFor(const Reference& ref, analyzer::AnalyzeOptions base);

/// Compares every digest of `ref` with the analysis. Piece, track and file digests that the pass did
/// not compute are computed from `source` (random-access sources only; null or sequential sources leave
/// them unread, which counts as a mismatch). Each differing range names the reference's files whose
/// byte runs overlap it, and the regions of the analysis it touches. Never fails; reads are bounded by
/// four times the image size in total.
Comparison compareWithReference(const Reference& ref, const analyzer::ImageAnalysis& analysis,
                                analyzer::ByteSource* source);

/// One line for a differing item: "bytes 0x2a000-0x2a7ff changed: inside /VIDEO_TS/VTS_01_1.VOB".
std::string describeMismatch(const ComparisonItem& c);

} // namespace dv::report
