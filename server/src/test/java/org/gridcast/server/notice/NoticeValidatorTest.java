package org.gridcast.server.notice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.gridcast.protocol.ErrorCode;
import org.gridcast.protocol.NoticeBody;
import org.gridcast.protocol.PostNotice;
import org.gridcast.protocol.Recipients;
import org.gridcast.server.GridcastException;
import org.junit.jupiter.api.Test;

class NoticeValidatorTest {
    private static final String HAN = "通";

    private static PostNotice.Builder valid() {
        return PostNotice.newBuilder().setUnit("g-1").setClientMsgId("id-1")
                .setBody(NoticeBody.newBuilder().setTitle("停水通知").setText("明天停水"));
    }

    private static PostNotice withBody(NoticeBody.Builder body) {
        return valid().setBody(body).build();
    }

    private static ErrorCode refusal(PostNotice post) {
        GridcastException e = catchThrowableOfType(GridcastException.class, () -> NoticeValidator.check(post));
        assertThat(e).as("refused").isNotNull();
        return e.code();
    }

    private static void accepted(PostNotice post) {
        assertThatCode(() -> NoticeValidator.check(post)).doesNotThrowAnyException();
    }

    private static String chars(int n) {
        return HAN.repeat(n);
    }

    @Test
    void titleTextAndCategoryCountCodePoints() {
        accepted(withBody(NoticeBody.newBuilder().setTitle(chars(200)).setText(chars(4_000)).setCategory(chars(64))));
        assertThat(refusal(withBody(NoticeBody.newBuilder().setTitle(chars(201))))).isEqualTo(ErrorCode.LIMIT_EXCEEDED);
        assertThat(refusal(withBody(NoticeBody.newBuilder().setTitle("t").setText(chars(4_001)))))
                .isEqualTo(ErrorCode.LIMIT_EXCEEDED);
        assertThat(refusal(withBody(NoticeBody.newBuilder().setTitle("t").setCategory(chars(65)))))
                .isEqualTo(ErrorCode.LIMIT_EXCEEDED);
        // 200 emoji are 400 UTF-16 units but 200 characters
        accepted(withBody(NoticeBody.newBuilder().setTitle("😀".repeat(200))));
    }

    @Test
    void bodyNeedsATitleOrText() {
        assertThat(refusal(valid().clearBody().build())).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(refusal(withBody(NoticeBody.newBuilder().setTitle(" ")))).isEqualTo(ErrorCode.BAD_REQUEST);
        accepted(withBody(NoticeBody.newBuilder().setText("only text")));
    }

    @Test
    void attachmentsAreFewShortHttpLinks() {
        String url1024 = "https://x.cn/" + "a".repeat(1_024 - "https://x.cn/".length());
        List<String> nine = Collections.nCopies(9, url1024);
        accepted(withBody(NoticeBody.newBuilder().setTitle("t").addAllAttachments(nine)));
        assertThat(refusal(withBody(NoticeBody.newBuilder().setTitle("t").addAllAttachments(nine).addAttachments("https://x.cn/1"))))
                .isEqualTo(ErrorCode.LIMIT_EXCEEDED);
        assertThat(refusal(withBody(NoticeBody.newBuilder().setTitle("t").addAttachments(url1024 + "a"))))
                .isEqualTo(ErrorCode.LIMIT_EXCEEDED);
        accepted(withBody(NoticeBody.newBuilder().setTitle("t").addAttachments("http://gov.cn/a.jpg")));
        for (String bad : List.of("ftp://gov.cn/a", "javascript:alert(1)", "gov.cn/a.jpg", "", "https://", "http://a b/")) {
            assertThat(refusal(withBody(NoticeBody.newBuilder().setTitle("t").addAttachments(bad))))
                    .as(bad).isEqualTo(ErrorCode.BAD_REQUEST);
        }
    }

    @Test
    void clientMsgIdIsRequiredAndShort() {
        accepted(valid().setClientMsgId("x".repeat(64)).build());
        assertThat(refusal(valid().setClientMsgId("x".repeat(65)).build())).isEqualTo(ErrorCode.LIMIT_EXCEEDED);
        assertThat(refusal(valid().setClientMsgId("").build())).isEqualTo(ErrorCode.BAD_REQUEST);
    }

    @Test
    void audienceIsAUnitOrDistinctRecipients() {
        List<String> thousand = IntStream.range(0, 1_000).mapToObj(i -> "m" + i).toList();
        accepted(valid().setTo(Recipients.newBuilder().addAllMembers(thousand)).build());
        assertThat(refusal(valid().setTo(Recipients.newBuilder().addAllMembers(thousand).addMembers("m-extra")).build()))
                .isEqualTo(ErrorCode.LIMIT_EXCEEDED);
        assertThat(refusal(valid().setTo(Recipients.newBuilder().addMembers("a").addMembers("a")).build()))
                .isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(refusal(valid().setTo(Recipients.newBuilder().addMembers("a").addMembers("")).build()))
                .isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(refusal(valid().setTo(Recipients.newBuilder()).build())).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(refusal(valid().setUnit("").build())).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(refusal(valid().clearAudience().build())).isEqualTo(ErrorCode.BAD_REQUEST);
    }

    @Test
    void pageLimitsHaveDefaultsAndMaxima() {
        assertThat(NoticeValidator.fetchLimit(0)).isEqualTo(100);
        assertThat(NoticeValidator.fetchLimit(200)).isEqualTo(200);
        assertThat(catchThrowableOfType(GridcastException.class, () -> NoticeValidator.fetchLimit(201)).code())
                .isEqualTo(ErrorCode.LIMIT_EXCEEDED);
        assertThat(NoticeValidator.receiptsLimit(0)).isEqualTo(200);
        assertThat(NoticeValidator.receiptsLimit(1_000)).isEqualTo(1_000);
        assertThat(catchThrowableOfType(GridcastException.class, () -> NoticeValidator.receiptsLimit(1_001)).code())
                .isEqualTo(ErrorCode.LIMIT_EXCEEDED);
    }
}
