import { describe, expect, it } from "vitest";
import { catalogueClasses, normaliseClass, searchDocument, searchQuery, snippet, tokenise, tsQueryText } from "../../server/domain/listings/search-tokens";

/** Does a document's token list satisfy a query, as PostgreSQL's `@@` would (every term; prefixes)? */
function matches(document: string, query: string): boolean {
  const tokens = tokenise(document);
  const terms = searchQuery(query);
  return terms.length > 0 && terms.every((t) => tokens.some((token) => (t.prefix ? token.startsWith(t.token) : token === t.token)));
}

describe("tokenise", () => {
  it.each([
    ["专利", ["专利", "利"]],
    ["华为", ["华为", "为"]],
    ["光纤传感", ["光纤", "纤传", "传感", "感"]],
    ["光", ["光"]],
    ["LED 驱动电源", ["led", "驱动", "动电", "电源", "源"]],
    ["LED驱动电源", ["led", "驱动", "动电", "电源", "源"]],
    ["“专利”，华为。", ["专利", "利", "华为", "为"]],
    ["Fibre-optic SENSORS", ["fibre", "optic", "fibreoptic", "sensors"]],
    ["202110123456.7", ["202110123456", "7", "2021101234567"]],
    ["ZL202110123456.7", ["202110123456", "7", "2021101234567"]],
    ["zl 2021", ["zl", "2021"]],
    ["2021SR0123456", ["2021sr0123456"]],
    ["35123456", ["35123456"]],
    ["H04L 9/32", ["h04l", "9", "32", "932"]],
    ["ＬＥＤ２０２１", ["led2021"]],
    ["Café straße", ["cafe", "straße"]],
    ["サーバー 한국어", ["サー", "ーバ", "バー", "ー", "한국", "국어", "어"]],
    ["  ,.;!? ", []],
  ])("%s", (text, tokens) => {
    expect(tokenise(text)).toEqual(tokens);
  });

  it("keeps only letters and digits of one kind in a token, so PostgreSQL's parser keeps it whole", () => {
    const text = "深圳光电科技有限公司 ZL202110123456.7 H04L 9/32 “LED驱动电源” bank's non-exclusive licence 国作登字-2021-A-00000001 ①②";
    for (const token of tokenise(text)) {
      expect(token, token).toMatch(/^(?:[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u30FC]+|[\p{L}\p{N}]+)$/u);
      expect(/[\p{Script=Han}]/u.test(token) && /[a-z0-9]/.test(token), token).toBe(false);
    }
  });

  it("cuts very long words the same way for documents and queries", () => {
    const long = "a".repeat(100);
    expect(tokenise(long)).toEqual(["a".repeat(64)]);
    expect(searchQuery(long)).toEqual([{ token: "a".repeat(64), prefix: true }]);
  });
});

describe("searchQuery", () => {
  it("requires every bigram and prefixes the last word or number", () => {
    expect(searchQuery("光纤传感")).toEqual([
      { token: "光纤", prefix: false },
      { token: "纤传", prefix: false },
      { token: "传感", prefix: false },
    ]);
    expect(tsQueryText(searchQuery("LED 驱动电源"))).toBe("led:* & 驱动 & 动电 & 电源");
    expect(tsQueryText(searchQuery("驱动电源 LED"))).toBe("驱动 & 动电 & 电源 & led:*");
    expect(tsQueryText(searchQuery("ZL202110123456.7"))).toBe("202110123456 & 7:*");
    expect(tsQueryText(searchQuery("2021101"))).toBe("2021101:*");
    expect(tsQueryText(searchQuery("光"))).toBe("光:*");
    expect(tsQueryText(searchQuery("华为 华为"))).toBe("华为");
    expect(searchQuery("  ！？ ")).toEqual([]);
  });

  it("cannot smuggle tsquery operators in", () => {
    expect(tsQueryText(searchQuery("a & !b | (c) <-> 'd':*"))).toBe("a & b & c & d:*");
  });

  it("caps a pasted paragraph at 24 terms", () => {
    expect(searchQuery("一种基于深度学习的图像识别方法及其在工业质检中的应用系统与装置以及存储介质").length).toBe(24);
  });

  it.each([
    ["一种光纤传感器的信号解调方法", "专利权拍卖：一种光纤传感器的信号解调方法", true],
    ["专利", "发明专利“一种光纤传感器的信号解调方法”", true],
    ["华为", "华为技术有限公司", true],
    ["华为", "中华人民共和国为了", false],
    ["光纤传感", "光纤 传感", false],
    ["传感器", "光纤传感器", true],
    ["感", "光纤传感", true],
    ["纤", "光纤传感", true],
    ["LED 驱动电源", "大功率LED驱动电源模块", true],
    ["led driv", "LED driver power supplies", true],
    ["202110123456.7", "ZL202110123456.7", true],
    ["ZL202110123456.7", "202110123456.7", true],
    ["2021101234567", "202110123456.7", true],
    ["2021101", "202110123456.7", true],
    ["2021102", "202110123456.7", false],
    ["9/32", "H04L 9/32", true],
    ["non-exclusive", "a non-exclusive licence", true],
    ["exclusive licence", "a non-exclusive licence", true],
    ["cafe", "Café", true],
  ])("%s finds %s: %s", (query, document, expected) => {
    expect(matches(document, query)).toBe(expected);
  });
});

describe("classes", () => {
  it("normalises the way registers write them", () => {
    expect(normaliseClass(" h04l  9/32 ")).toBe("H04L 9/32");
    expect(normaliseClass("H04L9/32")).toBe("H04L 9/32");
    expect(normaliseClass("09")).toBe("9");
    expect(normaliseClass("14-03")).toBe("14-03");
  });

  it("file an IPC symbol under its subclass and a Locarno class under its class", () => {
    expect(catalogueClasses(["H04L 9/32", "G01D 5/353", "09", "42", "14-03", "H04L 29/06"])).toEqual(["14", "14-03", "42", "9", "G01D", "G01D 5/353", "H04L", "H04L 29/06", "H04L 9/32"]);
  });
});

describe("searchDocument", () => {
  const doc = searchDocument({
    title: "发明专利打包转让",
    description: "权利要求 10 项。",
    assets: [
      { type: "patent_invention", registryNumber: "202110123456.7", title: "一种光纤传感器", owners: ["华为技术有限公司"], classes: ["G01D 5/353"], description: "光纤光栅" },
      { type: "trademark", registryNumber: "35123456", title: "光讯 GUANGXUN", owners: ["深圳光电"], classes: ["9"], description: "" },
    ],
  });

  it("weighs the title, then asset titles and numbers, then owners and classes, then descriptions", () => {
    expect(doc.tokens.a.split(" ")).toContain("专利");
    expect(doc.tokens.b.split(" ")).toEqual(expect.arrayContaining(["202110123456", "35123456", "光纤", "guangxun"]));
    expect(doc.tokens.c.split(" ")).toEqual(expect.arrayContaining(["华为", "g01d", "9"]));
    expect(doc.tokens.d.split(" ")).toEqual(expect.arrayContaining(["光栅", "10"]));
  });

  it("lists the asset types and classes once, sorted, and keeps a readable text", () => {
    expect(doc.assetTypes).toEqual(["patent_invention", "trademark"]);
    expect(doc.classes).toEqual(["9", "G01D", "G01D 5/353"]);
    expect(doc.searchText.split("\n")[0]).toBe("发明专利打包转让");
    expect(doc.searchText).toContain("202110123456.7 · 一种光纤传感器 · 华为技术有限公司 · G01D 5/353");
  });
});

describe("snippet", () => {
  const text = `${"前言。".repeat(40)}本专利涉及光纤传感器的信号解调。${"后记。".repeat(40)}`;

  it("cuts around the first matching term", () => {
    const cut = snippet(text, searchQuery("光纤传感"), 40);
    expect(cut).toContain("光纤传感");
    expect(cut.startsWith("…") && cut.endsWith("…")).toBe(true);
  });

  it("starts at the beginning when nothing matches, and leaves short text alone", () => {
    expect(snippet(text, searchQuery("华为"), 20).startsWith("前言")).toBe(true);
    expect(snippet("短文本", [], 20)).toBe("短文本");
  });
});
