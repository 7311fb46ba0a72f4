import Foundation
import Testing

#if canImport(App)
@testable import App
#else
@testable import Codecs
#endif

@Suite("Question transfer: HTML to Markdown")
struct QuestionTransferHTMLTests {
    @Test(
        "Elements the app can show become Markdown",
        arguments: [
            ("<p>One</p><p>Two</p>", "One\n\nTwo"),
            ("<p>Line one<br>line two<br /></p>", "Line one\\\nline two"),
            ("<p>A <strong>bold</strong> and <b>b</b>, <em>em</em> and <i> i </i>!</p>", "A **bold** and **b**, *em* and *i* !"),
            ("<p>Use <code>a*b</code> or <code>x`y</code></p>", "Use `a*b` or ``x`y``"),
            ("<pre><code>if a &lt; b {\n    run()\n}</code></pre>", "```\nif a < b {\n    run()\n}\n```"),
            ("<ul><li>One</li><li>Two<ul><li>Deep</li></ul></li></ul>", "- One\n- Two\n  - Deep"),
            ("<ol start=\"3\"><li>Three<li>Four</ol>", "3. Three\n4. Four"),
            ("<p>See <a href=\"https://example.com/a_(b)\">the docs</a>.</p>", "See [the docs](<https://example.com/a_(b)>)."),
            ("<a href=\"@@PLUGINFILE@@/x.mp3\">Listen</a>", "Listen"),
            ("<h2>Title <em>here</em></h2><p>Body</p>", "## Title *here*\n\nBody"),
            ("<blockquote><p>Quoted</p><p>Twice</p></blockquote>", "> Quoted\n>\n> Twice"),
            ("Tom &amp; Jerry &lt;3 &#39;quoted&#39; &#x41;&nbsp;B &bogus; &copy;", "Tom & Jerry \\<3 'quoted' A B \\&bogus; ©"),
            ("<div><span style=\"x\">Just</span> <font>text</font><table><tr><td>a</td><td>b</td></tr></table></div>", "Just text\n\na b"),
            (
                "<p>Moodle <img src=\"@@PLUGINFILE@@/logo.jpg\" alt=\"logo\" /> is <span style=\"font-style: italic;\">great</span>.</p>",
                "Moodle is great."
            ),
            ("<script>alert(1)</script><style>p{}</style><!-- note --><p>Safe</p>", "Safe"),
            ("<p>2023. A year * with _marks_ [x]</p><p># not a heading</p>", "2023\\. A year \\* with \\_marks\\_ \\[x\\]\n\n\\# not a heading"),
        ]
    )
    func converts(html: String, markdown: String) {
        #expect(HTMLToMarkdown.convert(html) == markdown)
    }

    @Test("Plain text keeps its words and line breaks")
    func plain() {
        #expect(HTMLToMarkdown.plainText("Line *one*\nline two\n\n- not a list") == "Line \\*one\\*\\\nline two\n\n\\- not a list")
        #expect(HTMLToMarkdown.looksLikeHTML("a <b>bold</b> move"))
        #expect(!HTMLToMarkdown.looksLikeHTML("if a < b and c > d"))
    }
}
