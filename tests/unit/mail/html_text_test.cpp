#include "mail/html_text.hpp"

#include <gtest/gtest.h>

namespace sladesk::mail {
namespace {

TEST(HtmlTextTest, DropsScriptStyleAndComments) {
    EXPECT_EQ(HtmlToText("<style>b{}</style><script>evil()</script>hi<!-- x --> there"), "hi there");
    EXPECT_EQ(HtmlToText("<SCRIPT type=x>evil()</SCRIPT>ok"), "ok");
}

TEST(HtmlTextTest, BlocksBreaksAndEntities) {
    EXPECT_EQ(HtmlToText("<p>a</p><p>b<br>c</p>"), "a\n\nb\nc");
    EXPECT_EQ(HtmlToText("&lt;tag&gt; &amp; &#x4F60;&#22909; &bogus;"), "<tag> & 你好 &bogus;");
    EXPECT_EQ(HtmlToText("  lots   of\n\n  space "), "lots of space");
}

TEST(HtmlTextTest, LinksAndImages) {
    EXPECT_EQ(HtmlToText("<a href=\"https://x.cn/a\">site</a>"), "site <https://x.cn/a>");
    EXPECT_EQ(HtmlToText("<a href='https://x.cn/a'>https://x.cn/a</a>"), "https://x.cn/a");
    EXPECT_EQ(HtmlToText("<a href=\"javascript:alert(1)\">click</a>"), "click");
    EXPECT_EQ(HtmlToText("<img alt=\"logo\" src=\"cid:a\">"), "[image: logo]");
}

TEST(HtmlTextTest, MalformedMarkupDegradesToText) {
    EXPECT_EQ(HtmlToText("a <b"), "a");
    EXPECT_EQ(HtmlToText("<p>unclosed <script>never closed"), "unclosed");
    EXPECT_EQ(HtmlToText("x\xFF"), "x\xEF\xBF\xBD");
}

}  // namespace
}  // namespace sladesk::mail
