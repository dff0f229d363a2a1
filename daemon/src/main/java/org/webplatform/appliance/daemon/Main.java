package org.webplatform.appliance.daemon; final class Main {public static void main(String[] a){}}
