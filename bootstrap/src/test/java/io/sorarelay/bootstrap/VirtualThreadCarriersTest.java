package io.sorarelay.bootstrap;

import org.junit.jupiter.api.Test;

import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VirtualThreadCarriersTest {
    @Test
    void defaults_to_half_the_processors_on_a_jdk_whose_monitors_do_not_pin() {
        assertThat(VirtualThreadCarriers.decide(null, false, 2, 25)).hasValue(1);
        assertThat(VirtualThreadCarriers.decide(null, false, 8, 24)).hasValue(4);
        assertThat(VirtualThreadCarriers.decide(null, false, 1, 25)).hasValue(1);
        assertThat(VirtualThreadCarriers.decide("  ", false, 6, 25)).hasValue(3);
    }

    @Test
    void keeps_the_jdk_default_below_jdk_24_where_a_blocked_monitor_holds_its_carrier() {
        assertThat(VirtualThreadCarriers.decide(null, false, 8, 21)).isEmpty();
        assertThat(VirtualThreadCarriers.decide(null, false, 2, 23)).isEmpty();
    }

    @Test
    void the_variable_sets_the_count_on_any_jdk() {
        assertThat(VirtualThreadCarriers.decide("3", false, 2, 25)).hasValue(3);
        assertThat(VirtualThreadCarriers.decide(" 2 ", false, 16, 21)).hasValue(2);
    }

    @Test
    void a_system_property_given_on_the_command_line_wins_over_everything() {
        assertThat(VirtualThreadCarriers.decide("3", true, 2, 25)).isEqualTo(OptionalInt.empty());
        assertThat(VirtualThreadCarriers.decide(null, true, 8, 25)).isEmpty();
    }

    @Test
    void refuses_a_count_that_is_not_a_whole_number_from_1_to_256() {
        assertThatThrownBy(() -> VirtualThreadCarriers.decide("two", false, 2, 25)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("VIRTUAL_THREAD_CARRIERS").hasMessageContaining("'two'");
        assertThatThrownBy(() -> VirtualThreadCarriers.decide("0", false, 2, 25)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("from 1 to 256");
        assertThatThrownBy(() -> VirtualThreadCarriers.decide("257", false, 2, 25)).isInstanceOf(ConfigException.class);
    }

    @Test
    void reports_the_count_in_effect_for_the_start_up_line() {
        String before = System.getProperty(VirtualThreadCarriers.PROPERTY);
        try {
            System.setProperty(VirtualThreadCarriers.PROPERTY, "3");
            assertThat(VirtualThreadCarriers.inEffect()).isEqualTo("3");
            System.clearProperty(VirtualThreadCarriers.PROPERTY);
            assertThat(VirtualThreadCarriers.inEffect()).isEqualTo("the JDK's default (one per processor: "
                    + Runtime.getRuntime().availableProcessors() + ")");
        } finally {
            if (before == null) System.clearProperty(VirtualThreadCarriers.PROPERTY);
            else System.setProperty(VirtualThreadCarriers.PROPERTY, before);
        }
    }
}
