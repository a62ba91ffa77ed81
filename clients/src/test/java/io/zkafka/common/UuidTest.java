package io.zkafka.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class UuidTest {

    @Test
    void shouldReadAndWriteKafkasTextForm() {
        assertEquals("AAAAAAAAAAAAAAAAAAAAAA", Uuid.ZERO.toString());
        Uuid id = new Uuid(0x6319_1197_a866_4873L, 0xb866_7407_c344_e544L);
        assertEquals("YxkRl6hmSHO4ZnQHw0TlRA", id.toString());
        assertEquals(id, Uuid.fromString("YxkRl6hmSHO4ZnQHw0TlRA"));
    }

    @Test
    void shouldDrawIdsThatAreNeitherZeroNorLookLikeAFlag() {
        Set<Uuid> drawn = new HashSet<>();
        for (int i = 0; i < 2_000; i++) {
            Uuid id = Uuid.random();
            assertNotEquals(Uuid.ZERO, id);
            assertFalse(id.toString().startsWith("-"), id.toString());
            assertEquals(22, id.toString().length());
            drawn.add(id);
        }
        assertEquals(2_000, drawn.size());
    }

    @Test
    void shouldRefuseTextThatIsNotSixteenBytes() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Uuid.fromString("short")).getMessage()
            .contains("not an id"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Uuid.fromString("not base64 at all!!!!!"))
            .getMessage().contains("not an id"));
    }
}
