package dev.ocisi.core.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The ignore file means what moby's patternmatcher makes of it (and buildah's copy, which follows it): the cases
 * below are the tables of moby/patternmatcher's own tests (TestMatches with MatchesOrParentMatches, its multi-pattern
 * cases, and the filepath.Match cases of TestMatch), plus the cases ocisi got wrong before.
 */
class IgnoreRulesTest {

    /** pattern, path, whether the path is left out (moby: pass != fail). */
    static Stream<Arguments> mobyMatches() {
        return Stream.of(
                a("**", "file", true),
                a("**", "file/", true),
                a("**/", "file", true),
                a("**/", "file/", true),
                a("**", "/", true),
                a("**/", "/", true),
                a("**", "dir/file", true),
                a("**/", "dir/file", true),
                a("**", "dir/file/", true),
                a("**/", "dir/file/", true),
                a("**/**", "dir/file", true),
                a("**/**", "dir/file/", true),
                a("dir/**", "dir/file", true),
                a("dir/**", "dir/file/", true),
                a("dir/**", "dir/dir2/file", true),
                a("dir/**", "dir/dir2/file/", true),
                a("**/dir", "dir", true),
                a("**/dir", "dir/file", true),
                a("**/dir2/*", "dir/dir2/file", true),
                a("**/dir2/*", "dir/dir2/file/", true),
                a("**/dir2/**", "dir/dir2/dir3/file", true),
                a("**/dir2/**", "dir/dir2/dir3/file/", true),
                a("**file", "file", true),
                a("**file", "dir/file", true),
                a("**/file", "dir/file", true),
                a("**file", "dir/dir/file", true),
                a("**/file", "dir/dir/file", true),
                a("**/file*", "dir/dir/file", true),
                a("**/file*", "dir/dir/file.txt", true),
                a("**/file*txt", "dir/dir/file.txt", true),
                a("**/file*.txt", "dir/dir/file.txt", true),
                a("**/file*.txt*", "dir/dir/file.txt", true),
                a("**/**/*.txt", "dir/dir/file.txt", true),
                a("**/**/*.txt2", "dir/dir/file.txt", false),
                a("**/*.txt", "file.txt", true),
                a("**/**/*.txt", "file.txt", true),
                a("a**/*.txt", "a/file.txt", true),
                a("a**/*.txt", "a/dir/file.txt", true),
                a("a**/*.txt", "a/dir/dir/file.txt", true),
                a("a/*.txt", "a/dir/file.txt", false),
                a("a/*.txt", "a/file.txt", true),
                a("a/*.txt**", "a/file.txt", true),
                a("a[b-d]e", "ae", false),
                a("a[b-d]e", "ace", true),
                a("a[b-d]e", "aae", false),
                a("a[^b-d]e", "aze", true),
                a(".*", ".foo", true),
                a(".*", "foo", false),
                a("abc.def", "abcdef", false),
                a("abc.def", "abc.def", true),
                a("abc.def", "abcZdef", false),
                a("abc?def", "abcZdef", true),
                a("abc?def", "abcdef", false),
                a("**/foo/bar", "foo/bar", true),
                a("**/foo/bar", "dir/foo/bar", true),
                a("**/foo/bar", "dir/dir2/foo/bar", true),
                a("abc/**", "abc", false),
                a("abc/**", "abc/def", true),
                a("abc/**", "abc/def/ghi", true),
                a("**/.foo", ".foo", true),
                a("**/.foo", "bar.foo", false),
                a("a(b)c/def", "a(b)c/def", true),
                a("a(b)c/def", "a(b)c/xyz", false),
                a("a.|)$(}+{bc", "a.|)$(}+{bc", true),
                a("dist/*.whl", "dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl", true),
                a("a\\\\", "a\\", true),
                a("a\\*b", "a*b", true),
                // go's filepath.Match table, as moby's TestMatch runs it
                a("abc", "abc", true),
                a("*", "abc", true),
                a("*c", "abc", true),
                a("a*", "a", true),
                a("a*", "abc", true),
                a("a*", "ab/c", true),
                a("a*/b", "abc/b", true),
                a("a*/b", "a/c/b", false),
                a("a*b*c*d*e*/f", "axbxcxdxe/f", true),
                a("a*b*c*d*e*/f", "axbxcxdxexxx/f", true),
                a("a*b*c*d*e*/f", "axbxcxdxe/xxx/f", false),
                a("a*b*c*d*e*/f", "axbxcxdxexxx/fff", false),
                a("a*b?c*x", "abxbbxdbxebxczzx", true),
                a("a*b?c*x", "abxbbxdbxebxczzy", false),
                a("ab[c]", "abc", true),
                a("ab[b-d]", "abc", true),
                a("ab[e-g]", "abc", false),
                a("ab[^c]", "abc", false),
                a("ab[^b-d]", "abc", false),
                a("ab[^e-g]", "abc", true),
                a("a\\*b", "ab", false),
                a("a?b", "a☺b", true),
                a("a[^a]b", "a☺b", true),
                a("a???b", "a☺b", false),
                a("a[^a][^a][^a]b", "a☺b", false),
                a("[a-ζ]*", "α", true),
                a("*[a-ζ]", "A", false),
                a("a?b", "a/b", false),
                a("a*b", "a/b", false),
                a("[\\]a]", "]", true),
                a("[\\-]", "-", true),
                a("[x\\-]", "x", true),
                a("[x\\-]", "-", true),
                a("[x\\-]", "z", false),
                a("[\\-x]", "x", true),
                a("[\\-x]", "-", true),
                a("[\\-x]", "a", false),
                a("*x", "xxx", true),
                // what ocisi's own matcher got wrong: **/foo is a name, not a suffix of one
                a("**/foo", "barfoo", false),
                a("**/foo", "a/barfoo", false),
                a("**/foo", "a/foo", true),
                a("**/foo", "foo", true),
                a("**/foo", "foo/x", true),
                // classes with characters Java reads apart from Go
                a("a[[]b", "a[b", true),
                a("a[&x]b", "a&b", true),
                a("x]", "x]", true));
    }

    private static Arguments a(String pattern, String path, boolean ignored) {
        return Arguments.of(pattern, path, ignored);
    }

    @ParameterizedTest(name = "{0} ~ {1}: {2}")
    @MethodSource("mobyMatches")
    void matchesAsMobyDoes(String pattern, String path, boolean ignored) throws Exception {
        assertEquals(ignored, IgnoreRules.parse(List.of(pattern)).ignores(path));
    }

    @Test
    void theLastMatchingLineWinsAndExceptionsReachIntoIgnoredFolders() throws Exception {
        assertEquals(false, IgnoreRules.parse(List.of("**", "!util/docker/web")).ignores("util/docker/web/foo"));
        assertEquals(
                true,
                IgnoreRules.parse(List.of("**", "!util/docker/web", "util/docker/web/foo"))
                        .ignores("util/docker/web/foo"));
        assertEquals(
                false,
                IgnoreRules.parse(List.of("**", "!dist/*.whl"))
                        .ignores("dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl"));
        assertEquals(
                false, IgnoreRules.parse(List.of("docs", "!docs/README.md")).ignores("docs/README.md"));
        assertEquals(
                false, IgnoreRules.parse(List.of("docs/", "!docs/README.md")).ignores("docs/README.md"));
        assertEquals(
                true, IgnoreRules.parse(List.of("docs/*", "!docs/README.md")).ignores("docs/other.md"));
        assertEquals(true, IgnoreRules.parse(List.of("!fileutils.go", "*.go")).ignores("fileutils.go"));
        assertEquals(false, IgnoreRules.parse(List.of("*.go", "!fileutils.go")).ignores("fileutils.go"));
        assertEquals(false, IgnoreRules.parse(List.of("*.go")).ignores("."), "the context itself is never left out");
    }

    @Test
    void linesAreCleanedCommentsSkippedAndALeadingSlashIsTheContext() throws Exception {
        IgnoreRules rules = IgnoreRules.parse(List.of(
                "\uFEFF# a comment", "  /build/  ", "./out//x/../y", "  !  build/keep.txt ", " # not a comment", ""));
        assertTrue(rules.ignores("build/a.o"));
        assertEquals(false, rules.ignores("build/keep.txt"));
        assertTrue(rules.ignores("out/y"));
        assertEquals(false, rules.ignores("out/x"));
        assertTrue(rules.ignores("# not a comment"), "only a line that starts with # is a comment");
    }

    @Test
    void malformedPatternsAreRefusedWithTheirLine() {
        for (String bad : List.of("[]a]", "[-]", "[x-]", "[-x]", "\\", "[a-b-c]", "[", "[^", "[^bc", "a[", "!")) {
            IgnoreRules.BadPatternException e = assertThrows(
                    IgnoreRules.BadPatternException.class, () -> IgnoreRules.parse(List.of("ok", bad)), bad);
            assertTrue(e.getMessage().startsWith("line 2: "), e.getMessage());
        }
    }
}
