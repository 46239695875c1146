#include "mail/charset.hpp"

#include <gtest/gtest.h>

namespace sladesk::mail {
namespace {

TEST(CharsetTest, GbFamilyLabelsDecodeAsGb18030AndBig5AsHkscs) {
    for (const char* label : {"gb2312", "GBK", "x-gbk", "cp936", "euc-cn", "\"GB2312\"", "gb18030"}) {
        EXPECT_EQ(DecoderCharset(label), "GB18030") << label;
    }
    EXPECT_EQ(DecoderCharset("big5"), "BIG5-HKSCS");
    EXPECT_EQ(DecoderCharset("iso-8859-1"), "ISO-8859-1");
    EXPECT_EQ(DecoderCharset(""), "");
}

TEST(CharsetTest, DecodesGbkBig5AndLatin1) {
    EXPECT_EQ(ToUtf8("\xC4\xE3\xBA\xC3", "gb2312"), "你好");
    EXPECT_EQ(ToUtf8("\xE9\x46", "gb2312"), "镕");  // GBK-only character under a GB2312 label
    EXPECT_EQ(ToUtf8("\xA7\x41\xA6\x6E", "big5"), "你好");
    EXPECT_EQ(ToUtf8("caf\xE9", "iso-8859-1"), "café");
}

TEST(CharsetTest, UndeclaredBytesAreUtf8WhenValidOtherwiseGb18030) {
    EXPECT_EQ(ToUtf8("你好", ""), "你好");
    EXPECT_EQ(ToUtf8("\xC4\xE3\xBA\xC3", ""), "你好");
}

TEST(CharsetTest, UnknownCharsetAndUndecodableBytesStillGiveValidUtf8) {
    EXPECT_EQ(ToUtf8("plain", "x-no-such-charset"), "plain");
    const std::string decoded = ToUtf8("\xC4\xE3\xFF", "gbk");
    EXPECT_TRUE(IsValidUtf8(decoded));
    EXPECT_TRUE(decoded.starts_with("你"));
}

TEST(CharsetTest, ValidatesAndRepairsUtf8) {
    EXPECT_TRUE(IsValidUtf8("abc 你好 𠀀"));
    EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));          // overlong
    EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));      // surrogate
    EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // above U+10FFFF
    EXPECT_FALSE(IsValidUtf8("\xE4\xBD"));          // cut off
    EXPECT_EQ(RepairUtf8("a\xFFz"), "a\xEF\xBF\xBDz");
    EXPECT_EQ(RepairUtf8(std::string("a\0b", 3)), "ab");
}

TEST(CharsetTest, TruncatesAtCharacterBoundary) {
    EXPECT_EQ(TruncateUtf8("你好", 4), "你");
    EXPECT_EQ(TruncateUtf8("你好", 6), "你好");
    EXPECT_EQ(TruncateUtf8("ab", 1), "a");
}

}  // namespace
}  // namespace sladesk::mail
