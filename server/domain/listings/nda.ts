/**
 * The standard confidentiality undertaking of every listing's data room, in both languages. One bilingual
 * instrument: a person reads it in their language, and the acceptance records the digest of both texts
 * together (`ndaDocument`), hashed by the service (the domain stays free of I/O and of node:crypto).
 */
export const NDA_TEXT = {
  zh: {
    title: "资料室保密承诺书",
    clauses: [
      "本承诺书由在知识产权质押融资交易所发布本挂牌的机构（“披露方”）与接受本承诺书的人员所代表的机构（“接收方”）订立，自接收方点击“接受”时生效，适用于本挂牌资料室中标注为“需签保密协议”的全部文件及由其得出的信息（“保密信息”）。",
      "一、目的限定。接收方仅为评估是否对本挂牌出价、申请或提出报价之目的（“评估目的”）使用保密信息。",
      "二、不得披露。除为评估目的确有需要、且负有不低于本承诺书保密义务的董事、员工及专业顾问（律师、会计师、评估师、融资方）外，接收方不得向任何人披露保密信息，并对上述人员的违约行为负责。",
      "三、不得超出需要复制。接收方仅在评估目的合理需要的范围内复制、摘录或汇总保密信息，并妥善保管。",
      "四、例外。下列信息不受本承诺书约束：非因接收方违约而已经或成为公开的信息；披露前接收方已合法知悉的信息；从无保密义务的第三方合法取得的信息；接收方独立开发的信息。依法律、法院、监管机构或证券交易所要求披露的，在法律允许时应事先通知披露方。",
      "五、返还或销毁。经披露方书面要求，或接收方决定不再参与时，接收方应在十个工作日内返还或销毁保密信息及其复制件；依法律或内部档案制度须保留的复制件，继续保密。",
      "六、相互保密。除运行本挂牌所需或法律另有规定外，披露方对接收方的身份及其对本挂牌的兴趣予以保密。",
      "七、不授予权利。本承诺书不授予任何知识产权权利，也不使任何一方负有达成交易的义务；文件按现状提供，以挂牌条件为准。",
      "八、访问记录。接收方同意交易所记录每次打开文件的情况（用户、机构、时间、IP 地址），并可向披露方展示该记录。",
      "九、期限。上述义务自接受之日起持续三年。",
      "十、法律适用与争议解决。本承诺书适用中华人民共和国法律（不含港澳台地区法律），争议由披露方住所地有管辖权的人民法院管辖。中英文本具有同等效力，如有不一致，以中文本为准。",
    ],
  },
  en: {
    title: "Data room confidentiality undertaking",
    clauses: [
      "This undertaking is made between the organisation that published this listing on the IP Collateral Exchange (the “Discloser”) and the organisation on whose behalf the person accepting it acts (the “Recipient”). It takes effect when the Recipient clicks “Accept” and covers every document in this listing's data room marked “NDA” and any information derived from them (“Confidential Information”).",
      "1. Purpose. The Recipient uses Confidential Information only to evaluate whether to bid, apply or make an offer on this listing (the “Purpose”).",
      "2. No disclosure. The Recipient discloses Confidential Information to no one except its directors, employees and professional advisers (lawyers, accountants, appraisers, financiers) who need it for the Purpose and are bound by confidentiality duties no less strict, and answers for their compliance.",
      "3. No copying beyond need. The Recipient copies, extracts or summarises Confidential Information only as far as the Purpose reasonably requires, and keeps it secure.",
      "4. Exceptions. These duties do not cover information that is or becomes public other than through the Recipient's breach, that the Recipient lawfully knew before disclosure, that it lawfully receives from a third party without a duty of confidence, or that it develops independently; nor disclosure required by law, a court, a regulator or a stock exchange, after notice to the Discloser where lawful.",
      "5. Return or destruction. On the Discloser's written request, or when the Recipient decides not to proceed, the Recipient returns or destroys Confidential Information and all copies within ten working days; copies it must keep by law or under its records policy stay confidential.",
      "6. Mutual confidentiality. The Discloser keeps the Recipient's identity and its interest in this listing confidential, except as needed to run the listing or as the law requires.",
      "7. No licence, no obligation. Nothing here grants any right in the intellectual property or obliges either party to conclude a transaction; documents are provided as they are, subject to the listing's terms.",
      "8. Access record. The Recipient agrees that the Exchange records each opening of a document (user, organisation, time, IP address) and may show that record to the Discloser.",
      "9. Term. These duties last three years from acceptance.",
      "10. Law and disputes. This undertaking is governed by the laws of the People's Republic of China (excluding Hong Kong, Macao and Taiwan); disputes go to the competent people's court where the Discloser is domiciled. The Chinese and English texts are equally authentic; if they differ, the Chinese text prevails.",
    ],
  },
} as const;

export type NdaLanguage = keyof typeof NDA_TEXT;

/** The whole instrument as one string, both languages, in a fixed order: what an acceptance's digest covers. */
export function ndaDocument(): string {
  return (["zh", "en"] as const).map((lang) => [NDA_TEXT[lang].title, ...NDA_TEXT[lang].clauses].join("\n")).join("\n\n");
}
