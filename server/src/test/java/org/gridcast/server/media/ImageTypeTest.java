package org.gridcast.server.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ImageTypeTest {
    static byte[] bytes(int... b) {
        byte[] out = new byte[ImageType.SNIFF_BYTES];
        for (int i = 0; i < b.length; i++) {
            out[i] = (byte) b[i];
        }
        return out;
    }

    @Test
    void theThreeSignaturesAreToldApart() {
        assertThat(ImageType.sniff(bytes(0xFF, 0xD8, 0xFF, 0xE1))).contains(ImageType.JPEG);
        assertThat(ImageType.sniff(bytes(0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'))).contains(ImageType.PNG);
        assertThat(ImageType.sniff(bytes('R', 'I', 'F', 'F', 1, 2, 3, 4, 'W', 'E', 'B', 'P'))).contains(ImageType.WEBP);
    }

    @Test
    void anythingElseIsNoImage() {
        assertThat(ImageType.sniff("<svg onload=x>".getBytes(StandardCharsets.US_ASCII))).isEmpty();
        assertThat(ImageType.sniff(bytes('R', 'I', 'F', 'F', 1, 2, 3, 4, 'W', 'A', 'V', 'E'))).as("a WAV").isEmpty();
        assertThat(ImageType.sniff(bytes(0x89, 'P', 'N', 'G', '\n', '\n', 0x1A, '\n'))).isEmpty();
        assertThat(ImageType.sniff(bytes('G', 'I', 'F', '8', '9', 'a'))).isEmpty();
        assertThat(ImageType.sniff(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF})).as("too short").isEmpty();
    }

    @Test
    void declaredTypesMapWithParametersIgnored() {
        assertThat(ImageType.ofMediaType("image/jpeg")).contains(ImageType.JPEG);
        assertThat(ImageType.ofMediaType("Image/PNG; charset=binary")).contains(ImageType.PNG);
        assertThat(ImageType.ofMediaType("image/webp")).contains(ImageType.WEBP);
        assertThat(ImageType.ofMediaType("image/svg+xml")).isEqualTo(Optional.empty());
        assertThat(ImageType.ofMediaType("image/jpg")).isEmpty();
        assertThat(ImageType.ofMediaType(null)).isEmpty();
    }
}
