// Exit status and messages for every failure mode, and proof that evidence is never touched.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "hashing/Hasher.h"
#include "tests/support/FaultySource.h"
#include "tests/support/TestPaths.h"

namespace dv {
namespace {

std::string program() { return test::binaryDir() + "/bin/discverify"; }

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

class ExitStatus : public ::testing::Test {
protected:
  void SetUp() override {
    dir_ = test::scratchDir(std::string("exit-") + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    image_ = dir_ + "/disc.iso";
    const auto bytes = test::randomBytes(1 << 20, 5);
    std::ofstream(image_, std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()), 1 << 20); // NOLINT
  }
  int run(const std::string& args) { return test::runCommand(program() + " " + args + " 2>'" + dir_ + "/err'"); }
  std::string err() { return slurp(dir_ + "/err"); }
  std::string dir_, image_;
};

TEST_F(ExitStatus, EmptyFileIsTwoWithTheCause) {
  std::ofstream(dir_ + "/empty.iso").close();
  EXPECT_EQ(run("analyze --progress never '" + dir_ + "/empty.iso'"), 2);
  EXPECT_NE(err().find("empty.iso: is empty (0 bytes)"), std::string::npos) << err();
}

TEST_F(ExitStatus, PermissionDeniedIsTwo) {
  if (::geteuid() == 0) GTEST_SKIP() << "running as root: permissions do not stop reads";
  ::chmod(image_.c_str(), 0);
  EXPECT_EQ(run("hash '" + image_ + "'"), 2);
  EXPECT_NE(err().find("Permission denied"), std::string::npos) << err();
}

TEST_F(ExitStatus, AFullDiskWhenWritingTheReportIsTwo) {
  if (!std::filesystem::exists("/dev/full")) GTEST_SKIP() << "no /dev/full";
  EXPECT_EQ(run("analyze --progress never --xml /dev/full '" + image_ + "'"), 2);
  EXPECT_NE(err().find("/dev/full: cannot write: No space left on device"), std::string::npos) << err();
}

TEST_F(ExitStatus, AReportThatCannotBeWrittenLeavesNoPartialFile) {
  const std::string ro = dir_ + "/readonly";
  std::filesystem::create_directory(ro);
  ::chmod(ro.c_str(), 0555);
  if (::geteuid() == 0) {
    ::chmod(ro.c_str(), 0755);
    GTEST_SKIP() << "running as root: a read-only directory does not stop writes";
  }
  EXPECT_EQ(run("analyze --progress never --xml '" + ro + "/r.xml' '" + image_ + "'"), 2);
  EXPECT_TRUE(std::filesystem::is_empty(ro));
}

TEST_F(ExitStatus, AClosedStandardOutputIsTwoWithAMessage) {
  EXPECT_EQ(test::runCommand(program() + " hash '" + image_ + "' >&- 2>'" + dir_ + "/err'"), 2);
  EXPECT_NE(err().find("disc.iso: cannot write the digests to standard output"), std::string::npos) << err();
}

TEST_F(ExitStatus, NoCommandOrAnUnknownCommandIsTwo) {
  EXPECT_EQ(run(""), 2);
  EXPECT_EQ(run("frobnicate '" + image_ + "'"), 2);
}

// An input that shrinks while it is read (a file truncated by another process): status 2 and a
// message naming the sizes, not a digest of zero-filled bytes that never existed. The file is
// sparse, so 8 GiB cost no disk and keep the reader busy for seconds; it is cut a moment after
// the read starts.
TEST_F(ExitStatus, AnInputThatShrinksDuringTheReadIsTwo) {
  const std::string big = dir_ + "/shrinking.iso";
  ASSERT_EQ(test::runCommand("truncate -s 8G '" + big + "'"), 0);
  const int status = test::runCommand("(sleep 0.3; truncate -s 1M '" + big + "') & " + program() +
                                      " hash --progress never '" + big + "' >/dev/null 2>'" + dir_ +
                                      "/err'; s=$?; wait; exit $s");
  EXPECT_EQ(status, 2);
  EXPECT_NE(err().find("shrinking.iso: the input shrank from 8589934592 to 1048576 bytes during the read"),
            std::string::npos)
      << err();
}

// A device that goes away mid-read: a loop device whose capacity drops to 0 is what the kernel
// shows for an unplugged disk (reads end at once, BLKGETSIZE64 says 0). Needs root and losetup.
TEST_F(ExitStatus, ADeviceThatGoesAwayDuringTheReadIsTwo) {
  if (::geteuid() != 0) GTEST_SKIP() << "not root: no loop device can be attached";
  if (test::runCommand("command -v losetup >/dev/null 2>&1") != 0) GTEST_SKIP() << "losetup is not installed";
  const std::string backing = dir_ + "/backing.img";
  ASSERT_EQ(test::runCommand("truncate -s 8G '" + backing + "'"), 0);
  std::string device;
  if (test::runCommand("losetup -r -f --show '" + backing + "' 2>/dev/null", &device) != 0 || device.empty())
    GTEST_SKIP() << "no loop device could be attached here";
  device.erase(device.find_last_not_of('\n') + 1);
  const int status = test::runCommand("(sleep 0.3; truncate -s 0 '" + backing + "'; losetup -c '" + device + "') & " +
                                      program() + " hash --progress never '" + device + "' >/dev/null 2>'" + dir_ +
                                      "/err'; s=$?; wait; exit $s");
  test::runCommand("losetup -d '" + device + "'");
  EXPECT_EQ(status, 2);
  EXPECT_NE(err().find(device + ": the device went away during the read at offset"), std::string::npos) << err();
}

// Every command on a read-only image in a read-only directory: bytes, size, mtime and atime stay,
// and nothing appears beside the image.
TEST(Evidence, IsNeverTouchedByAnyCommand) {
  const std::string dir = test::scratchDir("evidence");
  const std::string evidence = dir + "/sealed";
  std::filesystem::create_directory(evidence);
  const std::string image = evidence + "/exhibit.iso";
  const auto bytes = test::randomBytes(3 << 20, 99);
  std::ofstream(image, std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()), 3 << 20); // NOLINT
  // An access time older than the modification time: under relatime any ordinary read would now
  // update it, so an unchanged atime proves the reads did not.
  const timespec times[2] = {{1600000000, 0}, {0, UTIME_OMIT}};
  ASSERT_EQ(::utimensat(AT_FDCWD, image.c_str(), times, 0), 0);
  ASSERT_EQ(::chmod(image.c_str(), 0444), 0);
  ASSERT_EQ(::chmod(evidence.c_str(), 0555), 0);
  struct stat before {};
  ASSERT_EQ(::stat(image.c_str(), &before), 0);

  const std::string reports = dir + "/reports";
  std::filesystem::create_directory(reports);
  const std::vector<std::string> commands = {
      "hash '" + image + "'",
      "hash --hash md5 - < '" + image + "'",
      "analyze --progress never --report-dir '" + reports + "' '" + image + "'",
      "analyze --progress never --xml - '" + image + "'",
      "verify --progress never '" + image + "' --against '" + reports + "/exhibit.iso.discverify.xml'",
      "verify --progress never '" + image + "' --against '" + reports + "/exhibit.iso.discverify.json'",
  };
  for (const std::string& c : commands) {
    const int status = test::runCommand(program() + " " + c + " >/dev/null 2>&1");
    EXPECT_TRUE(status == 0 || status == 1) << c << " exited " << status;
  }
  struct stat after {};
  ASSERT_EQ(::stat(image.c_str(), &after), 0);
  std::string sumAfter;
  test::runCommand("sha256sum '" + image + "' | cut -c1-64", &sumAfter);
  EXPECT_EQ(hashing::digestOf(hashing::Algorithm::Sha256, bytes).hex() + "\n", sumAfter);
  EXPECT_EQ(before.st_size, after.st_size);
  EXPECT_EQ(before.st_mtim.tv_sec, after.st_mtim.tv_sec);
  EXPECT_EQ(before.st_mtim.tv_nsec, after.st_mtim.tv_nsec);
  EXPECT_EQ(before.st_atim.tv_sec, after.st_atim.tv_sec);
  EXPECT_EQ(before.st_atim.tv_nsec, after.st_atim.tv_nsec);
  size_t entries = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(evidence)) ++entries;
  EXPECT_EQ(entries, 1u) << "a file appeared beside the evidence";
  ::chmod(evidence.c_str(), 0755);
}

} // namespace
} // namespace dv

namespace dv {
namespace {

// A block device is opened read-only: a read-only loop device over the evidence gives the file's
// digest and leaves the file as it was. Needs root and losetup.
TEST(Evidence, ABlockDeviceIsReadReadOnly) {
  if (::geteuid() != 0) GTEST_SKIP() << "not root: no loop device can be attached";
  if (test::runCommand("command -v losetup >/dev/null 2>&1") != 0) GTEST_SKIP() << "losetup is not installed";
  const std::string dir = test::scratchDir("evidence-loop");
  const std::string image = dir + "/exhibit.img";
  const auto bytes = test::randomBytes(4 << 20, 123);
  std::ofstream(image, std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()), 4 << 20); // NOLINT
  std::string device;
  if (test::runCommand("losetup -r -f --show '" + image + "' 2>/dev/null", &device) != 0 || device.empty())
    GTEST_SKIP() << "no loop device could be attached here";
  device.erase(device.find_last_not_of("\n") + 1);
  std::string out;
  const int status = test::runCommand(test::binaryDir() + "/bin/discverify hash --hash sha256 '" + device + "'", &out);
  test::runCommand("losetup -d '" + device + "'");
  EXPECT_EQ(status, 0);
  EXPECT_EQ(out, "SHA256 (" + device + ") = " + hashing::digestOf(hashing::Algorithm::Sha256, bytes).hex() + "\n");
  std::string sum;
  test::runCommand("sha256sum '" + image + "' | cut -c1-64", &sum);
  EXPECT_EQ(sum, hashing::digestOf(hashing::Algorithm::Sha256, bytes).hex() + "\n");
}

} // namespace
} // namespace dv
