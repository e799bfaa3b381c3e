//! Generated YAML for the PyYAML differential test: small runbook-shaped documents that
//! exercise the corners of the syntax, each rewritten several ways (line endings, byte
//! order mark, indentation width, comments, tabs). A variant PyYAML refuses is simply not
//! compared, so the rewrites need not keep every document valid.

/// Documents written the way real runbooks are, one YAML feature each.
const BASES: &[&str] = &[
    // Quoted scalars continued on lines at odd indentation, down to column 0.
    "mainSteps:\n  - name: a\n    inputs:\n      Message: 'first line\ncontinued at column zero\n        and deeper'\n      Other: x\n",
    "a:\n  b: \"double\n quoted \\\n   with escape \\t and \\u00e9\"\n  c: 'it''s\n\n   two paragraphs'\n",
    "a: 'single\n  line'\nb: [\"in flow\n  continued\", 'x\ny']\n",
    "- 'item\nat zero'\n- \"item\n    deep\"\n",
    // Block scalars with chomping and indentation indicators.
    "Script: |\n  def f():\n      return 1\n\n  print(f())\nKeep: |+\n  kept\n\nStrip: >-\n  folded\n  text\n\n  para\nNext: x\n",
    "a: |2\n    four spaces kept\n  two\nb: >1\n  lead space\nc: |-\n\n  after a blank\nd: >+\n  x\n\n",
    "steps:\n  - Script: |-\n      line\n        indented\n      # not a comment\n    Next: y\n",
    // Plain multi-line scalars.
    "description: this is\n  a plain scalar\n  over lines\n\n  with a paragraph\nother: x\n",
    "- plain item\n  continued\n- k: v\n  w: multi\n    line\n",
    // Anchors, aliases and merge keys.
    "base: &b\n  type: String\n  default: x\nuse: *b\nlist: &l [a, b]\nagain: *l\nmerged:\n  <<: *b\n  default: y\n",
    "defs:\n  - &one {x: 1}\n  - &two {y: 2}\nboth:\n  <<: [*one, *two]\n  z: 3\nscalar: &s text\ncopy: *s\n",
    // Flow collections over several lines.
    "a: [1, 2,\n  3, 4]\nb: {x: 1,\n  y: [a,\n   b],\n  z: {}}\nc: [\n  one,\n  two,\n]\n",
    "inputs: {Service: ec2, Api: DescribeInstances,\n  Filters: [{Name: 'tag:x', Values: ['{{ P }}']}]}\n",
    "- [a, b]\n- {k: v}\n- []\n- {}\n- [ {a: 1}, [2] ]\n",
    "a:\n  b: [x,\ny, 'q\nr',\n  {k: v,\nw: 'it''s'}]\n  c: {p: 1,\n# comment\nq: [it's, \"z\"]}\nd: 1\n",
    "- name: s\n  inputs: {Service: ec2,\n Api: 'Describe\nInstances', Filters: [\n]}\n",
    // Comments in odd places.
    "# head\na: 1 # after\n# between\nb:   # before a value\n  - x # in a list\n  # indented comment\n  - y\nc: 'q' # after quote\n",
    "a:\n# at zero inside a mapping\n  b: 1\n      # deep\n  c: 2\n",
    // Scalars of every kind in the core schema, and strings that look like them.
    "i: 42\nn: -7\nh: 0x1F\no: 0o17\nf: 3.5\ne: 1e3\ninf: .inf\nninf: -.Inf\nnan: .nan\nt: true\nF: FALSE\nnul: ~\nempty:\nbig: 99999999999999999999\n",
    "yes: yes\nno: No\non: on\noff: OFF\noct: 010\nsexa: 1:20\nunder: 1_000\ndate: 2024-01-02\nver: '0.3'\nv: 0.3\ndot: .5\n",
    // Keys and documents.
    "'quoted key': 1\n\"dq key\": 2\n? explicit\n: value\n2: int key\ntrue: bool key\n",
    "---\na: 1\n...\n",
    "%YAML 1.1\n---\na: b\n",
    "a: !!str 3\nb: !!int '4'\nc: !!float '1'\nd: !!bool 'true'\n",
    // Sequences written at the mapping's indentation, and nesting.
    "mainSteps:\n- name: a\n  action: aws:sleep\n  inputs:\n    Duration: PT1S\n- name: b\n  outputs:\n  - Name: x\n    Selector: $.a\n",
    "a:\n  - - nested\n    - list\n  - k: v\n    - bad\n",
    // Unicode and escapes.
    "s: \"\\x41\\u263A\\U0001F600\\N\\_\\/\"\nt: 'é ünïcode'\nu: ☺ plain\n",
    "key with spaces: v\n\"key: colon\": w\nurl: http://example.com:80/a#b\nc: a:b\n",
];

/// Every base, and every rewrite of it.
pub fn all() -> Vec<String> {
    let mut out = Vec::new();
    for base in BASES {
        let rewrites: [&dyn Fn(&str) -> String; 9] = [
            &|s| s.to_string(),
            &|s| s.replace('\n', "\r\n"),
            &|s| format!("\u{feff}{s}"),
            &|s| reindent(s, 4),
            &|s| reindent(s, 3),
            &|s| comment_lines(s),
            &|s| trailing_comments(s),
            &|s| s.replace(": ", ":\t"),
            &|s| s.replace('\n', " \t\n"),
        ];
        for rewrite in rewrites {
            out.push(rewrite(base));
        }
    }
    out
}

/// Leading spaces scaled from units of two to units of `width`.
fn reindent(s: &str, width: usize) -> String {
    s.split_inclusive('\n')
        .map(|line| {
            let spaces = line.len() - line.trim_start_matches(' ').len();
            format!(
                "{}{}",
                " ".repeat(spaces / 2 * width + spaces % 2),
                &line[spaces..]
            )
        })
        .collect()
}

/// A comment line after every line, indented as the line it follows plus one.
fn comment_lines(s: &str) -> String {
    s.split_inclusive('\n')
        .map(|line| {
            let spaces = line.len() - line.trim_start_matches(' ').len();
            format!("{line}{} # note\n", " ".repeat(spaces + 1))
        })
        .collect()
}

/// ` # c` at the end of every non-empty line.
fn trailing_comments(s: &str) -> String {
    s.split_inclusive('\n')
        .map(|line| match line.strip_suffix('\n') {
            Some(body) if !body.trim().is_empty() => format!("{body} # c\n"),
            _ => line.to_string(),
        })
        .collect()
}
