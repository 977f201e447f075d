package org.gridcast.seeds;

import java.util.SplittableRandom;

/**
 * Deterministic generator of plausible Chinese personal names (and shop names) for seeds and
 * load tests: the same seed always yields the same sequence, on every JVM.
 */
public final class ChineseNames {
    /**
     * Common surnames; the first ones are repeated so they come up more often, as they do in the
     * villages of Xiaoshan and Linping (王, 陈, 周, 沈 are everywhere there).
     */
    private static final String SURNAMES =
            "王王王王陈陈陈陈周周周沈沈沈李李张张刘刘杨杨赵黄吴徐孙胡朱高林何郭马罗"
            + "梁宋郑谢韩唐冯于董萧程曹袁邓许傅曾彭蒋蔡贾丁魏薛叶余潘杜戴夏钟汪田任姜范方石姚谭廖邹金陆孔";
    private static final String GIVEN =
            "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国兰凤玉珍梅红海林波辉鹏飞"
            + "斌宇浩凯晨欣怡佳琪雪婷慧颖春燕荣根水木松柏志文德福宝琴美萍亮新民永忠诚";
    private static final String[] SHOPS = {
        "便利店", "小吃店", "理发店", "五金店", "水果店", "早餐店", "药店", "面馆", "超市", "茶叶店",
        "杨梅铺", "农资店", "快递驿站", "修车铺", "服装店"
    };

    private final SplittableRandom random;

    public ChineseNames(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** A generator whose sequence depends only on {@code key} (String.hashCode is specified). */
    public static ChineseNames forKey(String key, long seed) {
        return new ChineseNames(seed * 31 + key.hashCode());
    }

    /** A surname plus one or two given characters. */
    public String person() {
        StringBuilder name = new StringBuilder(3);
        name.append(SURNAMES.charAt(random.nextInt(SURNAMES.length())));
        name.append(GIVEN.charAt(random.nextInt(GIVEN.length())));
        if (random.nextInt(10) < 7) {
            name.append(GIVEN.charAt(random.nextInt(GIVEN.length())));
        }
        return name.toString();
    }

    /** A shop operator: person and shop, e.g. 周建国（周记面馆）. */
    public String shopOperator() {
        String person = person();
        return person + "（" + person.charAt(0) + "记" + SHOPS[random.nextInt(SHOPS.length)] + "）";
    }

    /** True with probability 1/{@code oneIn}. */
    public boolean chance(int oneIn) {
        return random.nextInt(oneIn) == 0;
    }
}
