// Tests of the reference readers: hash lists, hashdeep CSV, DFXML from other tools, our JSON, hostile text.
#include <gtest/gtest.h>

#include <algorithm>

#include "report/JsonValue.h"
#include "report/Reference.h"
#include "report/Verify.h"

namespace dv::report {
namespace {

constexpr const char* kSha256 = "dcc21cabcb6af969d1cb833b9ed8ac94e5291096eb9b950712316b60e8a61bef";
constexpr const char* kMd5 = "b8a8fde40bc0556a005a59adbf1134a2";

TEST(Reference, ReadsGnuLinesForTheImageOnly) {
  const std::string text = std::string(kSha256) + "  other.iso\n" + kSha256 + " *dir/disc.iso\n";
  auto ref = parseReference(text, "disc.iso");
  ASSERT_TRUE(ref) << ref.error().message();
  EXPECT_EQ(ref->kind, "hash-list");
  ASSERT_EQ(ref->items.size(), 1u);
  ASSERT_EQ(ref->items[0].digests.size(), 1u);
  EXPECT_EQ(ref->items[0].digests[0].algorithm, hashing::Algorithm::Sha256);
}

TEST(Reference, ReadsBsdAndSfvLines) {
  auto bsd = parseReference(std::string("MD5 (disc.iso) = ") + kMd5 + "\nSHA1  (disc.iso) = c68fbf9da7c5b22e006940c8e013c5d91519694c\n",
                            "disc.iso");
  ASSERT_TRUE(bsd);
  ASSERT_EQ(bsd->items.size(), 1u);
  EXPECT_EQ(bsd->items[0].digests.size(), 2u);
  auto sfv = parseReference("; comment\ndisc.iso BE0E0978\n", "disc.iso");
  ASSERT_TRUE(sfv);
  ASSERT_EQ(sfv->items.size(), 1u);
  EXPECT_EQ(sfv->items[0].digests[0].algorithm, hashing::Algorithm::Crc32);
  EXPECT_EQ(sfv->items[0].digests[0].hex, "be0e0978");
}

TEST(Reference, ListForOtherFilesHasNothingComparable) {
  auto ref = parseReference(std::string(kSha256) + "  a.iso\n" + kSha256 + "  b.iso\n", "disc.iso");
  ASSERT_TRUE(ref);
  EXPECT_TRUE(ref->items.empty());
  EXPECT_FALSE(ref->notes.empty());
}

TEST(Reference, ReadsHashdeepCsv) {
  const std::string text = "%%%% HASHDEEP-1.0\n%%%% size,md5,sha256,filename\n## comment\n987136," + std::string(kMd5) +
                           "," + kSha256 + ",/tmp/disc.iso\n";
  auto ref = parseReference(text, "disc.iso");
  ASSERT_TRUE(ref);
  EXPECT_EQ(ref->kind, "hashdeep-csv");
  ASSERT_EQ(ref->items.size(), 1u);
  EXPECT_EQ(ref->items[0].digests.size(), 2u);
}

TEST(Reference, ReadsFiwalkFileObjectsWithByteRuns) {
  const std::string text = std::string("<?xml version='1.0'?><dfxml xmlns='http://www.forensicswiki.org/wiki/Category:Digital_Forensics_XML'>"
                                       "<volume><fileobject><filename>DATA/A.BIN</filename><filesize>10</filesize>"
                                       "<byte_runs><byte_run file_offset='0' img_offset='67584' len='10'/></byte_runs>"
                                       "<hashdigest type='md5'>") + kMd5 + "</hashdigest></fileobject>"
                                       "<fileobject><filename>NORUNS</filename><hashdigest type='md5'>" + kMd5 +
                           "</hashdigest></fileobject></volume></dfxml>";
  auto ref = parseReference(text, "disc.iso");
  ASSERT_TRUE(ref) << ref.error().message();
  EXPECT_EQ(ref->kind, "dfxml");
  ASSERT_EQ(ref->items.size(), 1u);
  EXPECT_EQ(ref->items[0].kind, RefItemKind::File);
  ASSERT_EQ(ref->items[0].runs.size(), 1u);
  EXPECT_EQ(ref->items[0].runs[0].offset, 67584u);
  EXPECT_TRUE(ref->listsFiles);
}

TEST(Reference, ReadsHashdeepDfxmlEntryOfTheImage) {
  const std::string text = std::string("<dfxml><fileobject><filename>/x/disc.iso</filename><hashdigest type='MD5'>") +
                           kMd5 + "</hashdigest></fileobject></dfxml>";
  auto ref = parseReference(text, "disc.iso");
  ASSERT_TRUE(ref);
  EXPECT_EQ(ref->kind, "hashdeep-dfxml");
  ASSERT_EQ(ref->items.size(), 1u);
  EXPECT_EQ(ref->items[0].kind, RefItemKind::Image);
}

TEST(Reference, ReadsOurJsonDigestsAndPieces) {
  const std::string text = std::string(R"({"format":"discverify-report","inputs":[{"input":{"path":"disc.iso"},)") +
                           R"("digests":[{"algorithm":"sha256","length":4,"hex":")" + kSha256 + R"("}],)" +
                           R"("pieces":[{"algorithm":"sha256","piece_size":2,"pieces":[{"offset":0,"length":2,"hex":")" + kSha256 +
                           R"("},{"offset":2,"length":2,"hex":")" + kSha256 + R"("}]}]}]})";
  auto ref = parseReference(text, "disc.iso");
  ASSERT_TRUE(ref) << ref.error().message();
  EXPECT_EQ(ref->kind, "discverify-json");
  ASSERT_EQ(ref->items.size(), 3u);
  EXPECT_EQ(ref->items[2].kind, RefItemKind::Piece);
  EXPECT_EQ(ref->items[2].runs[0].offset, 2u);
}

TEST(Reference, RejectsTextThatIsNoReference) {
  auto ref = parseReference("hello world\n", "disc.iso");
  ASSERT_FALSE(ref);
  EXPECT_EQ(ref.error().code(), ErrorCode::Unsupported);
  EXPECT_FALSE(parseReference("<dfxml><unclosed>", "disc.iso"));
  EXPECT_FALSE(parseReference("{\"format\": 1", "disc.iso"));
}

TEST(Reference, DropsDigestsOfTheWrongLengthOrAlphabet) {
  auto ref = parseReference("MD5 (disc.iso) = 1234\nSHA256 (disc.iso) = zz\n", "disc.iso");
  ASSERT_TRUE(ref.has_value() || ref.error().code() == ErrorCode::Unsupported);
  if (ref) {
    EXPECT_TRUE(ref->items.empty());
  }
}

TEST(Reference, OurCdFileObjectsWithoutImageOffsetsAreComparedByName) {
  const std::string xml = std::string(R"(<dfxml xmlns:dv="urn:discverify:1"><volume><fileobject><filename>/A.TXT;1</filename>)") +
                          R"(<filesize>3</filesize><byte_runs><byte_run file_offset="0" fs_offset="67584" len="3"/></byte_runs>)" +
                          R"(<hashdigest type="SHA256">)" + kSha256 + "</hashdigest></fileobject></volume></dfxml>";
  auto ref = parseReference(xml, "disc.cue");
  ASSERT_TRUE(ref) << ref.error().message();
  ASSERT_EQ(ref->items.size(), 1u);
  EXPECT_EQ(ref->items[0].kind, RefItemKind::File);
  EXPECT_EQ(ref->items[0].name, "/A.TXT;1");
  EXPECT_TRUE(ref->items[0].runs.empty());
  EXPECT_TRUE(ref->listsFiles);
}

TEST(Verify, EachScopeRecomputesTheAlgorithmsTheReferenceHoldsForIt) {
  Reference ref;
  auto item = [](RefItemKind kind, hashing::Algorithm a) {
    RefItem i;
    i.kind = kind;
    i.trackNumber = kind == RefItemKind::Track ? 1 : 0;
    i.digests.push_back({a, ""});
    return i;
  };
  ref.items = {item(RefItemKind::Image, hashing::Algorithm::Sha512), item(RefItemKind::DataFile, hashing::Algorithm::Crc32),
               item(RefItemKind::Track, hashing::Algorithm::Md5), item(RefItemKind::Track, hashing::Algorithm::Sha1),
               item(RefItemKind::File, hashing::Algorithm::Md5)};
  analyzer::AnalyzeOptions base;
  base.imageHashes = {hashing::Algorithm::Sha256};
  const auto o = analyzeOptionsFor(ref, base);
  using A = hashing::Algorithm;
  auto has = [](const std::vector<A>& v, A a) { return std::find(v.begin(), v.end(), a) != v.end(); };
  EXPECT_TRUE(has(o.imageHashes, A::Sha256) && has(o.imageHashes, A::Sha512) && has(o.imageHashes, A::Crc32));
  EXPECT_FALSE(has(o.imageHashes, A::Md5)) << "track digests are not whole-image digests";
  EXPECT_TRUE(has(o.trackHashes, A::Sha256) && has(o.trackHashes, A::Md5) && has(o.trackHashes, A::Sha1));
  EXPECT_TRUE(has(o.fileHashes, A::Sha256) && has(o.fileHashes, A::Md5));
}

TEST(JsonValue, RejectsDeepNestingWithoutRecursingForever) {
  const std::string deep(100000, '[');
  auto v = parseJson(deep);
  ASSERT_FALSE(v);
  EXPECT_NE(v.error().message().find("nesting"), std::string::npos);
}

TEST(JsonValue, DecodesEscapesAndSurrogates) {
  auto v = parseJson(R"({"a":"x\u00e9\ud83d\ude00\n","n":18446744073709551615,"f":-1.5})");
  ASSERT_TRUE(v);
  EXPECT_EQ(v->string("a"), "x\xC3\xA9\xF0\x9F\x98\x80\n");
  EXPECT_EQ(v->uint("n"), UINT64_MAX);
  EXPECT_FALSE(v->uint("f"));
}

TEST(JsonValue, RejectsTrailingTextAndBadTokens) {
  EXPECT_FALSE(parseJson("{} x"));
  EXPECT_FALSE(parseJson("[1,]"));
  EXPECT_FALSE(parseJson("\"\\x\""));
  EXPECT_FALSE(parseJson("tru"));
  EXPECT_FALSE(parseJson(""));
}

} // namespace
} // namespace dv::report
