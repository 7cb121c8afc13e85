package io.sorarelay.adapter.webhooks;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.net.Inet6Address;
import java.net.InetAddress;

import static org.assertj.core.api.Assertions.assertThat;

class TargetAddressesTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "127.0.0.1", "127.255.0.9", "0.0.0.0", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1", "100.64.0.1",
            "100.127.255.254", "169.254.0.5", "169.254.169.254", "224.0.0.1", "239.255.255.250", "255.255.255.255", "240.0.0.1",
            "198.18.0.1", "192.0.0.170",
            "::1", "::", "fe80::1", "fc00::1", "fd00:ec2::254", "ff02::1", "fec0::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1",
            "::ffff:169.254.169.254", "::127.0.0.1", "64:ff9b::a9fe:a9fe", "64:ff9b::7f00:1", "2002:7f00:1::", "2002:a00:1::",
            "2001:db8::1"})
    void non_public_addresses_are_refused(String address) throws Exception {
        assertThat(TargetAddresses.refusal(InetAddress.getByName(address))).as(address).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "1.1.1.1", "172.32.0.1", "172.15.255.255", "100.128.0.1", "169.255.0.1", "192.169.0.1",
            "2606:4700:4700::1111", "2a00:1450:4001::200e", "::ffff:8.8.8.8", "64:ff9b::808:808", "2002:808:808::"})
    void public_addresses_pass(String address) throws Exception {
        assertThat(TargetAddresses.refusal(InetAddress.getByName(address))).as(address).isEmpty();
    }

    @Test
    void an_ipv4_mapped_address_kept_as_ipv6_is_judged_by_its_ipv4_part() throws Exception {
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        mapped[12] = 127;
        mapped[15] = 1;
        assertThat(TargetAddresses.refusal(Inet6Address.getByAddress(null, mapped, -1))).hasValueSatisfying(r -> assertThat(r).contains("loopback"));
        mapped[12] = 93;
        mapped[13] = (byte) 184;
        mapped[14] = (byte) 215;
        mapped[15] = 14;
        assertThat(TargetAddresses.refusal(Inet6Address.getByAddress(null, mapped, -1))).isEmpty();
    }

    @Test
    void the_metadata_address_is_named() throws Exception {
        assertThat(TargetAddresses.refusal(InetAddress.getByName("169.254.169.254"))).contains("the cloud metadata address");
    }

    @Test
    void a_host_is_refused_when_any_of_its_addresses_is() throws Exception {
        assertThat(TargetAddresses.check("localhost").refusal()).hasValueSatisfying(r -> assertThat(r).startsWith("localhost resolves to"));
        assertThat(TargetAddresses.check("93.184.215.14").refusal()).isEmpty();
    }
}
