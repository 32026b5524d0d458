// Listing: the entries of `discverify ls` from the model of an image built in code.
#include <gtest/gtest.h>

#include <algorithm>

#include "analyzer/ImageAnalysis.h"
#include "report/Listing.h"
#include "tests/support/IsoBuilder.h"

namespace dv {
namespace {

using report::ListEntry;
using report::NameView;

/// Joliet names: the component in lower case, without its version, in UCS-2BE.
test::SupplementaryTree lowerCaseJoliet() {
  test::SupplementaryTree t;
  t.escapeSequences[0] = 0x25;
  t.escapeSequences[1] = 0x2F;
  t.escapeSequences[2] = 0x45;
  t.encodeName = [](const std::string& s) {
    std::string out;
    for (char c : s.substr(0, s.find(';'))) {
      out.push_back('\0');
      out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    }
    return out;
  };
  return t;
}

analyzer::ImageAnalysis analyze(const test::BuiltIso& iso) {
  auto source = iso.source();
  analyzer::AnalyzeOptions options;
  options.pieceSize = 0;
  auto a = analyzer::analyzeSource(*source, options);
  EXPECT_TRUE(a.has_value());
  return std::move(*a);
}

std::vector<std::string> paths(const std::vector<ListEntry>& entries) {
  std::vector<std::string> out;
  for (const ListEntry& e : entries) out.emplace_back(e.path);
  return out;
}

const ListEntry* find(const std::vector<ListEntry>& entries, const std::string& path) {
  auto it = std::find_if(entries.begin(), entries.end(), [&](const ListEntry& e) { return e.path == path; });
  return it == entries.end() ? nullptr : &*it;
}

test::IsoBuilder sample() {
  test::IsoBuilder b;
  b.directory("/DIR");
  b.directory("/DIR/SUB");
  b.file("/DIR/SUB/NOTE.TXT;1", "note\n");
  b.file("/DIR/A.TXT;1", "a\n");
  b.file("/DIR.TXT;1", "beside the directory\n");
  return b;
}

TEST(Listing, DirectoriesAndFilesTakeTheirJolietNamesWithoutRockRidge) {
  test::IsoBuilder b = sample();
  b.supplementary.push_back(lowerCaseJoliet());
  const analyzer::ImageAnalysis a = analyze(b.build());
  ASSERT_EQ(a.joliet.size(), 1u);
  EXPECT_EQ(paths(report::listEntries(a, NameView::Best)),
            (std::vector<std::string>{"/", "/dir", "/dir/a.txt", "/dir/sub", "/dir/sub/note.txt", "/dir.txt"}));
  EXPECT_EQ(paths(report::listEntries(a, NameView::Iso9660)),
            (std::vector<std::string>{"/", "/DIR", "/DIR/A.TXT;1", "/DIR/SUB", "/DIR/SUB/NOTE.TXT;1", "/DIR.TXT;1"}));
}

TEST(Listing, EntriesCarryTheirBlocksSizesAndIsoPaths) {
  const test::BuiltIso iso = sample().build();
  const analyzer::ImageAnalysis a = analyze(iso); // the entries point into it
  const auto entries = report::listEntries(a, NameView::Best);
  const ListEntry* note = find(entries, "/DIR/SUB/NOTE.TXT;1");
  ASSERT_NE(note, nullptr);
  EXPECT_FALSE(note->directory);
  EXPECT_EQ(note->size, 5u);
  EXPECT_EQ(note->lba, iso.extents.at("/DIR/SUB/NOTE.TXT;1"));
  EXPECT_EQ(note->extents, 1u);
  EXPECT_TRUE(note->flags.empty());
  ASSERT_EQ(note->digests.size(), 1u) << "sha256 from the pass";
  EXPECT_EQ(note->digests[0].hex(), hashing::digestOf(hashing::Algorithm::Sha256,
                                                      ByteView(reinterpret_cast<const uint8_t*>("note\n"), 5))
                                        .hex());
  const ListEntry* sub = find(entries, "/DIR/SUB");
  ASSERT_NE(sub, nullptr);
  EXPECT_TRUE(sub->directory);
  EXPECT_EQ(sub->lba, iso.extents.at("/DIR/SUB"));
  EXPECT_EQ(sub->flags, std::vector<std::string_view>{"directory"});
  EXPECT_EQ(sub->isoPath, "/DIR/SUB");
}

TEST(Listing, ADirectoryPointingAtTheRootIsListedAsNotWalked) {
  test::BuiltIso iso = sample().build();
  const uint32_t root = iso.extents.at("/");
  iso.putBoth32(iso.record("/DIR/SUB") + 2, root, root); // 9.1.3: the extent of SUB is now the root's
  const analyzer::ImageAnalysis a = analyze(iso); // the entries point into it
  const auto entries = report::listEntries(a, NameView::Best);
  const ListEntry* sub = find(entries, "/DIR/SUB");
  ASSERT_NE(sub, nullptr) << ::testing::PrintToString(paths(entries));
  EXPECT_TRUE(sub->directory);
  EXPECT_EQ(sub->lba, root);
  EXPECT_NE(std::find(sub->flags.begin(), sub->flags.end(), "not-walked"), sub->flags.end());
  EXPECT_EQ(find(entries, "/DIR/SUB/NOTE.TXT;1"), nullptr) << "nothing is listed below a loop";
}

TEST(Listing, TextWritesControlCharactersOfNamesAsEscapes) {
  ListEntry e;
  e.path = "/A\nB\x1b[2J";
  e.size = 3;
  e.lba = 40;
  e.extents = 1;
  const std::string text = report::listingText({e}, {});
  EXPECT_EQ(text.substr(text.find('\n') + 1),
            "-                3         40   1 -                         -                /A\\x0aB\\x1b[2J\n");
}

TEST(Listing, NoVolumeNoEntries) {
  analyzer::ImageAnalysis a;
  EXPECT_TRUE(report::listEntries(a, NameView::Best).empty());
}

} // namespace
} // namespace dv
