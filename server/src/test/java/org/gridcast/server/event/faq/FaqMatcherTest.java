package org.gridcast.server.event.faq;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.gridcast.protocol.Faq;
import org.gridcast.protocol.FaqMatch;
import org.junit.jupiter.api.Test;

class FaqMatcherTest {
    private static Faq faq(String id, String q, String a, String... keywords) {
        return Faq.newBuilder().setId(id).setQuestion(q).setAnswer(a).addAllKeywords(List.of(keywords)).build();
    }

    private static final List<Faq> FAQS = List.of(
            faq("F1", "如何办理居住证？", "携带身份证、租房合同到社区流动人口服务站登记，半年后可申领居住证。", "居住证", "暂住"),
            faq("F2", "新生儿医保怎么参保？", "出生后三个月内凭出生证明到街道便民服务中心办理城乡居民医保参保。", "医保", "新生儿"),
            faq("F3", "垃圾分类投放时间是什么时候？", "每天早上7点到9点、晚上6点到8点定时定点投放。", "垃圾分类", "扔垃圾", "投放时间"),
            faq("F4", "高龄老人补贴怎么申请？", "80周岁以上老人本人或家属携带户口本到社区申请高龄津贴。", "高龄补贴", "老人"),
            faq("F5", "电动自行车可以在楼道里充电吗？", "不可以。请到小区集中充电棚充电，楼道充电有火灾隐患。", "电动车", "充电"));

    @Test
    void bigramsOfChineseTextSkipPunctuationAndParticles() {
        assertThat(Bigrams.of("如何办理居住证？")).containsExactly("如何", "何办", "办理", "理居", "居住", "住证");
        assertThat(Bigrams.of("我的医保卡")).containsExactly("医保", "保卡");
        assertThat(Bigrams.of("WiFi 密码 123")).containsExactly("wifi", "密码", "123");
    }

    @Test
    void realQuestionsFindTheirAnswerFirst() {
        assertThat(top("居住证在哪里办？需要什么材料")).isEqualTo("F1");
        assertThat(top("我家孩子刚出生，医保怎么交")).isEqualTo("F2");
        assertThat(top("请问小区几点可以扔垃圾")).isEqualTo("F3");
        assertThat(top("我爸今年82岁了，有没有高龄补贴")).isEqualTo("F4");
        assertThat(top("电动车能不能推到家里充电")).isEqualTo("F5");
    }

    @Test
    void anUnrelatedQuestionMatchesNothing() {
        assertThat(FaqMatcher.match(FAQS, "隔壁装修噪音太大怎么办")).isEmpty();
        assertThat(FaqMatcher.match(FAQS, "？？？")).isEmpty();
    }

    @Test
    void scoresAreOrderedAndBounded() {
        List<FaqMatch> m = FaqMatcher.match(FAQS, "居住证和医保怎么办理");
        assertThat(m).extracting(FaqMatch::getId).contains("F1", "F2");
        assertThat(m).isSortedAccordingTo((a, b) -> Double.compare(b.getScore(), a.getScore()));
        assertThat(m.size()).isLessThanOrEqualTo(FaqMatcher.MAX_MATCHES);
    }

    private static String top(String q) {
        List<FaqMatch> m = FaqMatcher.match(FAQS, q);
        assertThat(m).as(q).isNotEmpty();
        return m.get(0).getId();
    }
}
