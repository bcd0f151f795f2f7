// GoogleTest tests of streaming SHA-256 (src/common/sha256.hpp) used for backup checksums.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <stdexcept>

#include "audit/canonical.hpp"
#include "common/sha256.hpp"

namespace steward {
namespace {

TEST(Sha256Stream, ChunksGiveTheDigestOfTheWhole) {
  Sha256Stream stream;
  stream.Update("a", 1);
  stream.Update("", 0);
  stream.Update("bc", 2);
  EXPECT_EQ(stream.FinalHex(), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

class Sha256File : public ::testing::Test {
 protected:
  void SetUp() override {
    char name[] = "/tmp/steward_sha256_XXXXXX";
    const int fd = mkstemp(name);
    ASSERT_GE(fd, 0);
    close(fd);
    path_ = name;
  }
  void TearDown() override { std::remove(path_.c_str()); }
  std::string path_;
};

TEST_F(Sha256File, LargerThanOneBlockMatchesOneShotHash) {
  std::string content;
  for (int i = 0; content.size() < 3 * (1 << 20) + 12345; ++i) content += std::to_string(i) + ',';
  std::ofstream(path_, std::ios::binary) << content;
  int blocks = 0;
  EXPECT_EQ(Sha256OfFile(path_, [&] { ++blocks; }), audit::Hex(audit::Sha256(content)));
  EXPECT_EQ(blocks, 4);
}

TEST_F(Sha256File, EmptyFileAndMissingFile) {
  EXPECT_EQ(Sha256OfFile(path_),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Sha256OfFile(path_ + ".missing"), std::nullopt);
}

TEST_F(Sha256File, AnExceptionBetweenBlocksStopsTheRead) {
  std::ofstream(path_, std::ios::binary) << std::string(2 << 20, 'x');
  EXPECT_THROW(Sha256OfFile(path_, [] { throw std::runtime_error("canceled"); }),
               std::runtime_error);
}

}  // namespace
}  // namespace steward
